package org.segrad.autodiff;

import java.util.Arrays;

/**
 * Softmax and log-softmax along one axis, computed stably (the maximum is subtracted first).
 *
 * <pre>
 * softmax:      s = e^(x − max) / Σ e^(x − max)          ∂x = s ⊙ (g − Σ_axis g ⊙ s)
 * log_softmax:  l = x − max − log Σ e^(x − max)          ∂x = g − softmax(x) ⊙ Σ_axis g
 * </pre>
 * The tensor is viewed as [outer, n, inner] (n = the axis). Each outer block is widened once into a double
 * scratch array and the loops run over {@code inner} innermost (contiguous), with one {@code exp} per element and one
 * {@code log} per position. Log-softmax keeps the probabilities it computes on the way for its backward, which then
 * needs no {@code exp} at all.
 */
public final class Softmax {
    private Softmax() {}

    public static Tensor softmax(Tensor x, int axis) {
        int ax = Shape.axis(axis, x.rank());
        Tensor out = Tensor.alloc(x.dtype(), x.shape());
        compute(x, ax, null, out);
        return Autograd.record(Primitive.SOFTMAX, out, g -> new Tensor[] {backward(g, out, ax, true)}, x);
    }

    public static Tensor logSoftmax(Tensor x, int axis) {
        int ax = Shape.axis(axis, x.rank());
        Tensor out = Tensor.alloc(x.dtype(), x.shape());
        Tensor probs = Autograd.isGradEnabled() && x.requiresGrad() ? Tensor.alloc(x.dtype(), x.shape()) : null;
        compute(x, ax, out, probs);
        return Autograd.record(Primitive.LOG_SOFTMAX, out, g -> new Tensor[] {backward(g, probs, ax, false)}, x);
    }

    /** Writes log-softmax into {@code logOut} and softmax into {@code probOut}; either may be null. */
    private static void compute(Tensor x, int ax, Tensor logOut, Tensor probOut) {
        int[] s = x.shape();
        int n = s[ax], outer = 1, inner = 1;
        for (int i = 0; i < ax; i++) outer *= s[i];
        for (int i = ax + 1; i < s.length; i++) inner *= s[i];
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
     */
    private static Tensor backward(Tensor g, Tensor s, int ax, boolean softmax) {
        int[] shape = s.shape();
        int n = shape[ax], outer = 1, inner = 1;
        for (int i = 0; i < ax; i++) outer *= shape[i];
        for (int i = ax + 1; i < shape.length; i++) inner *= shape[i];
        int block = n * inner;
        Tensor gx = Tensor.alloc(s.dtype(), shape);
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
        return gx;
    }

    /** dst[k] = t[base + k], widened to double. */
    private static void read(Tensor t, int base, double[] dst) {
        if (t.dtype() == DType.FLOAT32) {
            float[] src = t.floatData();
            for (int k = 0; k < dst.length; k++) dst[k] = src[base + k];
        } else {
            System.arraycopy(t.doubleData(), base, dst, 0, dst.length);
        }
    }

    /** t[base + k] = src[k], rounded once for float32. */
    private static void write(double[] src, Tensor t, int base) {
        if (t.dtype() == DType.FLOAT32) {
            float[] dst = t.floatData();
            for (int k = 0; k < src.length; k++) dst[base + k] = (float) src[k];
        } else {
            System.arraycopy(src, 0, t.doubleData(), base, src.length);
        }
    }
}
