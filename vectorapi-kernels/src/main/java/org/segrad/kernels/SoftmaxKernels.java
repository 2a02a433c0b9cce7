package org.segrad.kernels;

import java.util.Arrays;

/**
 * Softmax and log-softmax over the middle axis of [outer, n, inner], computed stably (the maximum is subtracted
 * first) and in double whatever the storage type:
 * <pre>
 * softmax:      s = e^(x − max) / Σ e^(x − max)          ∂x = s ⊙ (g − Σ_axis g ⊙ s)
 * log_softmax:  l = x − max − log Σ e^(x − max)          ∂x = g − softmax(x) ⊙ Σ_axis g
 * </pre>
 * Each outer block is widened once into a double scratch array and the loops run over {@code inner} innermost
 * (contiguous), with one {@code exp} per element and one {@code log} per position; results are rounded once when
 * written. One code path for both dtypes: only the block's read and write depend on the array type.
 */
public final class SoftmaxKernels {
    private SoftmaxKernels() {}

    /**
     * Reads x = [outer, n, inner]; overwrites logOut with log-softmax and probOut with softmax over n (either may be
     * null; arrays of one type, float[] or double[]).
     */
    public static void forward(Object x, int outer, int n, int inner, Object logOut, Object probOut) {
        int block = n * inner;
        double[] v = new double[block], max = new double[inner], sum = new double[inner];
        for (int o = 0; o < outer; o++) {
            int base = o * block;
            read(x, base, v);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            Arrays.fill(sum, 0);
            for (int c = 0; c < n; c++)
                for (int j = 0; j < inner; j++) max[j] = Math.max(max[j], v[c * inner + j]);
            for (int c = 0; c < n; c++)
                for (int j = 0; j < inner; j++) v[c * inner + j] -= max[j];
            if (logOut != null) {
                // log-softmax first (it needs the shifted values), then the probabilities in place of them.
                double[] e = new double[block];
                for (int k = 0; k < block; k++) e[k] = exp(v[k]);
                for (int c = 0; c < n; c++)
                    for (int j = 0; j < inner; j++) sum[j] += e[c * inner + j];
                for (int j = 0; j < inner; j++) max[j] = Math.log(sum[j]);
                for (int c = 0; c < n; c++)
                    for (int j = 0; j < inner; j++) v[c * inner + j] -= max[j];
                write(v, logOut, base);
                if (probOut == null) continue;
                System.arraycopy(e, 0, v, 0, block);
            } else {
                for (int k = 0; k < block; k++) v[k] = exp(v[k]);
                for (int c = 0; c < n; c++)
                    for (int j = 0; j < inner; j++) sum[j] += v[c * inner + j];
            }
            for (int c = 0; c < n; c++)
                for (int j = 0; j < inner; j++) v[c * inner + j] /= sum[j];
            write(v, probOut, base);
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
            read(g, base, gv);
            read(s, base, sv);
            Arrays.fill(t, 0);
            for (int c = 0; c < n; c++)
                for (int j = 0; j < inner; j++) t[j] += softmax ? gv[c * inner + j] * sv[c * inner + j] : gv[c * inner + j];
            for (int c = 0; c < n; c++)
                for (int j = 0; j < inner; j++) {
                    int k = c * inner + j;
                    gv[k] = softmax ? sv[k] * (gv[k] - t[j]) : gv[k] - sv[k] * t[j];
                }
            write(gv, gx, base);
        }
    }

    /** dst[k] = t[base + k], widened to double. */
    private static void read(Object t, int base, double[] dst) {
        if (t instanceof float[] src) for (int k = 0; k < dst.length; k++) dst[k] = src[base + k];
        else System.arraycopy(t, base, dst, 0, dst.length);
    }

    /** t[base + k] = src[k], rounded once for float32. */
    private static void write(double[] src, Object t, int base) {
        if (t instanceof float[] dst) for (int k = 0; k < src.length; k++) dst[base + k] = (float) src[k];
        else System.arraycopy(src, 0, t, base, src.length);
    }
}
