package org.segrad.kernels;

/**
 * The optimizers' per-element loops, over double arrays (the optimizer state is double whatever the parameter's
 * dtype; a float32 parameter is widened into scratch arrays and rounded back once per step):
 * <pre>
 * adam: g ← g + λ·w (Adam) or w ← w·(1 − lr·λ) (AdamW, decoupled);  m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;
 *       v̂ = amsgrad ? (vmax ← max(vmax, v)) : v;  w ← w − stepSize·m / (√v̂ / bc2Sqrt + ε)
 * sgd:  d = g + λ·w;  if μ ≠ 0: b = first ? d : μ·b + (1 − τ)·d,  d = nesterov ? d + μ·b : b;  w ← w − lr·d
 * </pre>
 * Each reads g and overwrites w and its state arrays (m, v, vmax; b) over w's length. Scalar in double: these loops
 * run once per step over the parameters only.
 */
public final class OptimizerKernels {
    private OptimizerKernels() {}

    /** One Adam/AdamW step (formula above); stepSize = lr/(1 − β₁^t), bc2Sqrt = √(1 − β₂^t). */
    public static void adam(double[] w, double[] g, double[] m, double[] v, double[] vmax, double lr, double beta1, double beta2,
                            double eps, double weightDecay, boolean amsgrad, boolean decoupled, double stepSize, double bc2Sqrt) {
        for (int i = 0; i < w.length; i++) {
            double gi = g[i];
            if (decoupled) w[i] *= 1 - lr * weightDecay;
            else gi += weightDecay * w[i];
            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            double vi = v[i];
            if (amsgrad) vi = vmax[i] = Math.max(vmax[i], vi);
            w[i] -= stepSize * m[i] / (Math.sqrt(vi) / bc2Sqrt + eps);
        }
    }

    /** One SGD step (formula above); {@code first}: the momentum buffer is not set yet. */
    public static void sgd(double[] w, double[] g, double[] buf, boolean first, double lr, double momentum, double dampening,
                           double weightDecay, boolean nesterov) {
        for (int i = 0; i < w.length; i++) {
            double d = g[i] + weightDecay * w[i];
            if (momentum != 0) {
                buf[i] = first ? d : momentum * buf[i] + (1 - dampening) * d;
                d = nesterov ? d + momentum * buf[i] : buf[i];
            }
            w[i] -= lr * d;
        }
    }

    /**
     * a itself when it is a double[], else a widened into scratch[slot] (allocated on first use, or when the length
     * changes). Overwrites scratch[slot] only.
     */
    public static double[] inDouble(Object a, double[][] scratch, int slot) {
        if (a instanceof double[] d) return d;
        float[] f = (float[]) a;
        double[] w = scratch[slot];
        if (w.length != f.length) w = scratch[slot] = new double[f.length];
        StridedKernels.cast(f, w);
        return w;
    }

    /** Σ |g_i|^p (p finite), or max |g_i| ({@code inf}), of a float[] or double[]. Reads g. */
    public static double norm(Object g, double p, boolean inf) {
        int len = StridedKernels.length(g);
        double n = 0;
        for (int i = 0; i < len; i++) {
            double a = Math.abs(StridedKernels.get(g, i));
            n = inf ? Math.max(n, a) : n + Math.pow(a, p);
        }
        return n;
    }

    /** g_i ← g_i·c in place (rounded to g's type). */
    public static void scale(Object g, double c) {
        int len = StridedKernels.length(g);
        for (int i = 0; i < len; i++) StridedKernels.set(g, i, StridedKernels.get(g, i) * c);
    }
}
