package org.segrad.autodiff;

/**
 * Softmax and log-softmax along one axis, computed stably (the maximum is subtracted first).
 *
 * <pre>
 * softmax:      s = e^(x − max) / Σ e^(x − max)          ∂x = s ⊙ (g − Σ_axis g ⊙ s)
 * log_softmax:  l = x − max − log Σ e^(x − max)          ∂x = g − softmax(x) ⊙ Σ_axis g
 * </pre>
 */
public final class Softmax {
    private Softmax() {}

    public static Tensor softmax(Tensor x, int axis) {
        int ax = Shape.axis(axis, x.rank());
        Tensor out = compute(x, ax, false);
        return Autograd.record(Primitive.SOFTMAX, out, g -> {
            Tensor gs = Elementwise.zip(g, out, (a, b) -> a * b);
            Tensor dot = Reductions.sum(gs, new int[] {ax}, true);
            return new Tensor[] {Elementwise.zip3(out, g, dot, (s, gg, d) -> s * (gg - d))};
        }, x);
    }

    public static Tensor logSoftmax(Tensor x, int axis) {
        int ax = Shape.axis(axis, x.rank());
        Tensor out = compute(x, ax, true);
        return Autograd.record(Primitive.LOG_SOFTMAX, out, g -> {
            Tensor total = Reductions.sum(g, new int[] {ax}, true);
            return new Tensor[] {Elementwise.zip3(g, out, total, (gg, l, t) -> gg - Math.exp(l) * t)};
        }, x);
    }

    private static Tensor compute(Tensor x, int ax, boolean log) {
        int[] s = x.shape();
        int n = s[ax], outer = 1, inner = 1;
        for (int i = 0; i < ax; i++) outer *= s[i];
        for (int i = ax + 1; i < s.length; i++) inner *= s[i];
        Tensor out = Tensor.zeros(x.dtype(), s);
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++) {
                int base = o * n * inner + j;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < n; c++) max = Math.max(max, x.get(base + c * inner));
                double sum = 0;
                for (int c = 0; c < n; c++) sum += Math.exp(x.get(base + c * inner) - max);
                double logSum = Math.log(sum);
                for (int c = 0; c < n; c++) {
                    double v = x.get(base + c * inner) - max;
                    out.set(base + c * inner, log ? v - logSum : Math.exp(v) / sum);
                }
            }
        return out;
    }
}
