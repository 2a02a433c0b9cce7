package org.segrad.kernels;

import java.util.Arrays;

/**
 * Softmax and log-softmax over the middle axis of [outer, n, inner], computed stably (the maximum is subtracted
 * first) and in double whatever the storage type:
 * <pre>
 * softmax:      s = e^(x − max) / Σ e^(x − max)          ∂x = s ⊙ (g − Σ_axis g ⊙ s)
 * log_softmax:  l = x − max − log Σ e^(x − max)          ∂x = g − softmax(x) ⊙ Σ_axis g
 * </pre>
 * Each run of positions (one outer block, or the part of it a thread takes) is widened once into a double scratch
 * array and the loops run over the positions innermost (contiguous), with one {@code exp} per element and one
 * {@code log} per position; results are rounded once when written. One code path for both dtypes: only the read and
 * the write depend on the array type.
 */
public final class SoftmaxKernels {
    private SoftmaxKernels() {}

    /**
     * Reads x = [outer, n, inner]; overwrites logOut with log-softmax and probOut with softmax over n (either may be
     * null; each a float[] or a double[], of any mix of types). Positions (o, j) are independent: they are split
     * across threads ({@link Parallel}), which changes no bit.
     */
    public static void forward(Object x, int outer, int n, int inner, Object logOut, Object probOut) {
        long positions = (long) outer * inner;
        Parallel.forRange((int) positions, positions * n * KernelThresholds.ELEMENT_PASS_MACS * TRANSCENDENTAL_PASSES,
                (from, to, chunk) -> {
                    for (int q = from; q < to; ) {
                        int o = q / inner, j0 = q % inner, j1 = Math.min(inner, j0 + (to - q));
                        forwardColumns(x, o * n * inner, n, inner, j0, j1, logOut, probOut);
                        q += j1 - j0;
                    }
                });
    }

    /** An exponential and a share of a logarithm per element cost about as much as this many plain passes. */
    private static final int TRANSCENDENTAL_PASSES = 4;

    /** {@link #forward} on the positions j0 ≤ j &lt; j1 of the block at {@code base}. */
    private static void forwardColumns(Object x, int base, int n, int inner, int j0, int j1, Object logOut, Object probOut) {
        int w = j1 - j0, block = n * w;
        double[] v = new double[block], max = new double[w], sum = new double[w];
        read(x, base, n, inner, j0, w, v);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int c = 0; c < n; c++)
            for (int j = 0; j < w; j++) max[j] = Math.max(max[j], v[c * w + j]);
        for (int c = 0; c < n; c++)
            for (int j = 0; j < w; j++) v[c * w + j] -= max[j];
        if (logOut != null) {
            // log-softmax first (it needs the shifted values), then the probabilities in place of them.
            double[] e = new double[block];
            for (int k = 0; k < block; k++) e[k] = exp(v[k]);
            for (int c = 0; c < n; c++)
                for (int j = 0; j < w; j++) sum[j] += e[c * w + j];
            for (int j = 0; j < w; j++) max[j] = Math.log(sum[j]);
            for (int c = 0; c < n; c++)
                for (int j = 0; j < w; j++) v[c * w + j] -= max[j];
            write(v, logOut, base, n, inner, j0, w);
            if (probOut == null) return;
            System.arraycopy(e, 0, v, 0, block);
        } else {
            for (int k = 0; k < block; k++) v[k] = exp(v[k]);
            for (int c = 0; c < n; c++)
                for (int j = 0; j < w; j++) sum[j] += v[c * w + j];
        }
        for (int c = 0; c < n; c++)
            for (int j = 0; j < w; j++) v[c * w + j] /= sum[j];
        write(v, probOut, base, n, inner, j0, w);
    }

    /**
     * out[o·inner + j] = the first c with x[o, c, j] greater than every earlier one (a {@code >} scan from c = 0:
     * the first maximum on ties; NaN never wins after c = 0) over x = [outer, n, inner]. Reads x; overwrites out.
     */
    public static void argmax(Object x, int outer, int n, int inner, int[] out) {
        for (int o = 0; o < outer; o++) {
            int base = o * n * inner;
            for (int j = 0; j < inner; j++) {
                int best = 0;
                double bv = StridedKernels.get(x, base + j);
                for (int c = 1; c < n; c++) {
                    double v = StridedKernels.get(x, base + c * inner + j);
                    if (v > bv) {
                        bv = v;
                        best = c;
                    }
                }
                out[o * inner + j] = best;
            }
        }
    }

    /**
     * e^v, skipping the call for the maximal element of each position (v = 0 there, and e^0 = 1 exactly): with
     * two classes that halves the exponentials.
     */
    private static double exp(double v) {
        return v == 0 ? 1.0 : Math.exp(v);
    }

    /**
     * softmax: ∂x = s ⊙ (g − Σ_axis g ⊙ s);  log-softmax: ∂x = g − s ⊙ Σ_axis g  (s = the saved probabilities).
     * Reads g and s (g of either type); overwrites gx (s's type).
     */
    public static void backward(Object g, Object s, Object gx, int outer, int n, int inner, boolean softmax) {
        int block = n * inner;
        double[] gv = new double[block], sv = new double[block], t = new double[inner];
        for (int o = 0; o < outer; o++) {
            int base = o * block;
            read(g, base, n, inner, 0, inner, gv);
            read(s, base, n, inner, 0, inner, sv);
            Arrays.fill(t, 0);
            for (int c = 0; c < n; c++)
                for (int j = 0; j < inner; j++) t[j] += softmax ? gv[c * inner + j] * sv[c * inner + j] : gv[c * inner + j];
            for (int c = 0; c < n; c++)
                for (int j = 0; j < inner; j++) {
                    int k = c * inner + j;
                    gv[k] = softmax ? sv[k] * (gv[k] - t[j]) : gv[k] - sv[k] * t[j];
                }
            write(gv, gx, base, n, inner, 0, inner);
        }
    }

    /** dst[c·w + j] = t[base + c·inner + j0 + j], c &lt; n, j &lt; w, widened to double. */
    private static void read(Object t, int base, int n, int inner, int j0, int w, double[] dst) {
        for (int c = 0, at = base + j0; c < n; c++, at += inner) {
            if (t instanceof float[] src) for (int j = 0; j < w; j++) dst[c * w + j] = src[at + j];
            else System.arraycopy(t, at, dst, c * w, w);
        }
    }

    /** t[base + c·inner + j0 + j] = src[c·w + j], rounded once for float32. */
    private static void write(double[] src, Object t, int base, int n, int inner, int j0, int w) {
        for (int c = 0, at = base + j0; c < n; c++, at += inner) {
            if (t instanceof float[] dst) for (int j = 0; j < w; j++) dst[at + j] = (float) src[c * w + j];
            else System.arraycopy(src, c * w, t, at, w);
        }
    }
}
