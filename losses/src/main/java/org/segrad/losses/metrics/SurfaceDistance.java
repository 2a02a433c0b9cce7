package org.segrad.losses.metrics;

/**
 * Surface distances between one class in a predicted and a target label volume on a grid with voxel spacing
 * (s_x, s_y, s_z), in the spacing's unit (millimetres for NIfTI volumes), as MONAI's
 * {@code compute_hausdorff_distance(percentile=95)} and {@code compute_average_surface_distance(symmetric=True)}
 * compute them with {@code spacing}:
 *
 * <pre>
 * d(a, B) = min_{b ∈ ∂B} ‖(a − b)∘s‖₂                                     (∘: per axis, times the spacing)
 * HD95 = max( P95_{a ∈ ∂A} d(a, B),  P95_{b ∈ ∂B} d(b, A) )
 * MSD  = ( Σ_{a ∈ ∂A} d(a, B) + Σ_{b ∈ ∂B} d(b, A) ) / (|∂A| + |∂B|)
 * </pre>
 * ∂X is the set of voxels of X with a 6-neighbour (4 in 2-D) outside X, the grid border counting as outside (SciPy's
 * binary erosion with border 0, as {@link Hausdorff}); P95 is NumPy's linear percentile. A class absent from both
 * volumes gives NaN, absent from exactly one gives +∞. The distances come from an exact Euclidean distance transform of
 * ∂B (Felzenszwalb–Huttenlocher lower envelopes of parabolas, one pass per axis, spacing-aware): O(voxels), so whole
 * volumes are cheap. A 2-D image is a grid with nz = 1.
 */
public final class SurfaceDistance {
    private SurfaceDistance() {}

    /** HD95 and the mean (symmetric) surface distance of one class. */
    public record Distances(double hd95, double msd) {}

    /**
     * @param pred    class ids, index x + nx·(y + ny·z)
     * @param target  class ids, same layout
     * @param spacing voxel size along x, y, z (each &gt; 0)
     */
    public static Distances of(int[] pred, int[] target, int nx, int ny, int nz, double[] spacing, int cls) {
        long n = (long) nx * ny * nz;
        if (pred.length != n || target.length != n) {
            throw new IllegalArgumentException("label volumes must have " + nx + "x" + ny + "x" + nz + " = " + n
                    + " voxels, got pred " + pred.length + " and target " + target.length);
        }
        if (spacing.length != 3 || !(spacing[0] > 0 && spacing[1] > 0 && spacing[2] > 0)) {
            throw new IllegalArgumentException("spacing must be 3 positive sizes, got " + java.util.Arrays.toString(spacing));
        }
        boolean[] a = boundary(pred, nx, ny, nz, cls), b = boundary(target, nx, ny, nz, cls);
        int na = count(a), nb = count(b);
        if (na == 0 && nb == 0) return new Distances(Double.NaN, Double.NaN);
        if (na == 0 || nb == 0) return new Distances(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        double[] ab = sample(distanceTo(b, nx, ny, nz, spacing), a, na);
        double[] ba = sample(distanceTo(a, nx, ny, nz, spacing), b, nb);
        double sum = 0;
        for (double d : ab) sum += d;
        for (double d : ba) sum += d;
        double hd = Math.max(Hausdorff.percentile(ab, 95), Hausdorff.percentile(ba, 95));
        return new Distances(hd, sum / (na + nb));
    }

    /** Voxels of class {@code cls} with a 6-neighbour outside the class or on the grid border. */
    static boolean[] boundary(int[] m, int nx, int ny, int nz, int cls) {
        boolean[] out = new boolean[m.length];
        boolean flat = nz == 1;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int i = x + nx * (y + ny * z);
                    if (m[i] != cls) continue;
                    boolean edge = x == 0 || y == 0 || x == nx - 1 || y == ny - 1
                            || m[i - 1] != cls || m[i + 1] != cls || m[i - nx] != cls || m[i + nx] != cls;
                    if (!flat) {
                        edge |= z == 0 || z == nz - 1 || m[i - nx * ny] != cls || m[i + nx * ny] != cls;
                    }
                    out[i] = edge;
                }
            }
        }
        return out;
    }

    private static int count(boolean[] a) {
        int n = 0;
        for (boolean v : a) n += v ? 1 : 0;
        return n;
    }

    private static double[] sample(double[] squared, boolean[] at, int n) {
        double[] out = new double[n];
        int k = 0;
        for (int i = 0; i < at.length; i++) if (at[i]) out[k++] = Math.sqrt(squared[i]);
        return out;
    }

    /** Squared Euclidean distance (with spacing) from every voxel to the nearest voxel of {@code set}. */
    static double[] distanceTo(boolean[] set, int nx, int ny, int nz, double[] spacing) {
        double[] f = new double[set.length];
        for (int i = 0; i < f.length; i++) f[i] = set[i] ? 0 : Double.POSITIVE_INFINITY;
        int[] sizes = {nx, ny, nz};
        int[] strides = {1, nx, nx * ny};
        for (int axis = 0; axis < 3; axis++) {
            int len = sizes[axis], stride = strides[axis];
            if (len == 1) continue;
            double[] line = new double[len], out = new double[len];
            int[] v = new int[len];
            double[] zc = new double[len + 1];
            for (int start = 0; start < f.length; start++) {
                if ((start / stride) % len != 0) continue; // first voxel of a line along this axis
                for (int q = 0; q < len; q++) line[q] = f[start + q * stride];
                envelope(line, out, v, zc, spacing[axis]);
                for (int q = 0; q < len; q++) f[start + q * stride] = out[q];
            }
        }
        return f;
    }

    /**
     * One 1-D pass: out(p) = min_q line(q) + (s·(p − q))², the lower envelope of parabolas rooted at the finite
     * samples (Felzenszwalb and Huttenlocher, "Distance Transforms of Sampled Functions", 2012).
     */
    private static void envelope(double[] line, double[] out, int[] v, double[] z, double s) {
        int n = line.length, k = -1;
        for (int q = 0; q < n; q++) {
            if (line[q] == Double.POSITIVE_INFINITY) continue;
            double xq = q * s;
            while (k >= 0) {
                double xv = v[k] * s;
                double inter = ((line[q] + xq * xq) - (line[v[k]] + xv * xv)) / (2 * (xq - xv));
                if (inter <= z[k]) k--;
                else {
                    k++;
                    v[k] = q;
                    z[k] = inter;
                    break;
                }
            }
            if (k < 0) {
                k = 0;
                v[0] = q;
                z[0] = Double.NEGATIVE_INFINITY;
            }
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        if (k < 0) {
            java.util.Arrays.fill(out, Double.POSITIVE_INFINITY);
            return;
        }
        int j = 0;
        for (int p = 0; p < n; p++) {
            double xp = p * s;
            while (z[j + 1] < xp) j++;
            double d = xp - v[j] * s;
            out[p] = line[v[j]] + d * d;
        }
    }
}
