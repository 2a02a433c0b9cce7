package org.segrad.losses.metrics;

import java.util.Arrays;

/**
 * The 95th-percentile symmetric Hausdorff distance (HD95) between the boundaries of one class in a predicted and a
 * target mask of one image, in pixels, as MONAI's {@code compute_hausdorff_distance(percentile=95)} computes it:
 *
 * <pre>
 * HD95 = max( P95_{a ∈ ∂A} min_{b ∈ ∂B} |a − b|,  P95_{b ∈ ∂B} min_{a ∈ ∂A} |a − b| )
 * </pre>
 * ∂X is the set of pixels of X with a 4-neighbour outside X (the image border counts as outside, like SciPy's
 * binary erosion with border 0); |·| is Euclidean; P95 is NumPy's percentile with linear interpolation. The class
 * absent from both masks gives NaN (skipped by a nan-mean), absent from exactly one gives +∞. Brute force
 * O(|∂A|·|∂B|), which is fine for boundaries of images up to a few hundred pixels on a side.
 */
public final class Hausdorff {
    private Hausdorff() {}

    /** HD95 of class {@code cls} in masks of shape [height, width] (row-major). */
    public static double hd95(int[] pred, int[] target, int height, int width, int cls) {
        return percentileDistance(pred, target, height, width, cls, 95);
    }

    /** The symmetric Hausdorff distance at percentile {@code q} (100 = the classical Hausdorff distance). */
    public static double percentileDistance(int[] pred, int[] target, int height, int width, int cls, double q) {
        if (pred.length != height * width || target.length != height * width) {
            throw new IllegalArgumentException("masks must have " + height + "x" + width + " = " + height * width
                    + " pixels, got pred " + pred.length + " and target " + target.length);
        }
        if (!(q >= 0 && q <= 100)) throw new IllegalArgumentException("percentile must be in [0, 100], got " + q);
        int[] a = boundary(pred, height, width, cls), b = boundary(target, height, width, cls);
        if (a.length == 0 && b.length == 0) return Double.NaN;
        if (a.length == 0 || b.length == 0) return Double.POSITIVE_INFINITY;
        return Math.max(percentile(directed(a, b, width), q), percentile(directed(b, a, width), q));
    }

    /** Flat indices of the boundary pixels of class {@code cls}. */
    static int[] boundary(int[] mask, int height, int width, int cls) {
        int[] out = new int[mask.length];
        int n = 0;
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                int i = r * width + c;
                if (mask[i] != cls) continue;
                boolean edge = r == 0 || c == 0 || r == height - 1 || c == width - 1
                        || mask[i - width] != cls || mask[i + width] != cls || mask[i - 1] != cls || mask[i + 1] != cls;
                if (edge) out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** For each point of {@code from}, the Euclidean distance to the nearest point of {@code to}. */
    private static double[] directed(int[] from, int[] to, int width) {
        double[] d = new double[from.length];
        for (int i = 0; i < from.length; i++) {
            int r = from[i] / width, c = from[i] % width;
            long best = Long.MAX_VALUE;
            for (int j : to) {
                long dr = r - j / width, dc = c - j % width;
                best = Math.min(best, dr * dr + dc * dc);
            }
            d[i] = Math.sqrt(best);
        }
        return d;
    }

    /** NumPy's default ("linear") percentile. */
    static double percentile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = q / 100 * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }
}
