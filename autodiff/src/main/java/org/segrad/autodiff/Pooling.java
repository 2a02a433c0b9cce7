package org.segrad.autodiff;

/**
 * Max and average pooling over k×k windows (NCHW), stride s, zero/−∞ padding p.
 *
 * <pre>
 * max_pool2d: y = max over the window; ∂x = g routed to the first maximal element of each window (PyTorch's rule)
 * avg_pool2d: y = Σ window / k² (padding counted, PyTorch's default count_include_pad=True); ∂x = g / k² spread
 * </pre>
 */
public final class Pooling {
    private Pooling() {}

    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        int[] d = dims("max_pool2d", x, kernel, stride, padding);
        int n = d[0], c = d[1], h = d[2], w = d[3], oh = d[4], ow = d[5];
        if (kernel == 2 && stride == 2 && padding == 0) return MaxPool2x2.apply(x, n * c, h, w, oh, ow);
        return maxPool2dGeneral(x, kernel, stride, padding);
    }

    /** Any window geometry, by the general loop (the reference the 2×2 fast path is tested against). */
    static Tensor maxPool2dGeneral(Tensor x, int kernel, int stride, int padding) {
        int[] d = dims("max_pool2d", x, kernel, stride, padding);
        int n = d[0], c = d[1], h = d[2], w = d[3], oh = d[4], ow = d[5];
        Tensor y = Tensor.alloc(x.dtype(), n, c, oh, ow);
        int[] arg = new int[y.numel()];
        for (int p = 0; p < n * c; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int bestAt = -1;
                    for (int u = 0; u < kernel; u++) {
                        int yy = i * stride - padding + u;
                        if (yy < 0 || yy >= h) continue;
                        for (int v = 0; v < kernel; v++) {
                            int xx = j * stride - padding + v;
                            if (xx < 0 || xx >= w) continue;
                            int at = (p * h + yy) * w + xx;
                            double val = x.get(at);
                            if (val > best || bestAt < 0 || Double.isNaN(val)) {
                                best = val;
                                bestAt = at;
                            }
                        }
                    }
                    int o = (p * oh + i) * ow + j;
                    y.set(o, best);
                    arg[o] = bestAt;
                }
        return Autograd.record(Primitive.MAX_POOL2D, y, g -> {
            Tensor gx = Tensor.alloc(x.dtype(), x.shape());
            for (int o = 0; o < arg.length; o++) gx.set(arg[o], gx.get(arg[o]) + g.get(o));
            return new Tensor[] {gx};
        }, x);
    }

    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
        int[] d = dims("avg_pool2d", x, kernel, stride, padding);
        int n = d[0], c = d[1], h = d[2], w = d[3], oh = d[4], ow = d[5];
        double scale = 1.0 / (kernel * kernel);
        Tensor y = Tensor.alloc(x.dtype(), n, c, oh, ow);
        windows(n * c, h, w, oh, ow, kernel, stride, padding, (o, at) -> y.set(o, y.get(o) + x.get(at) * scale));
        return Autograd.record(Primitive.AVG_POOL2D, y, g -> {
            Tensor gx = Tensor.alloc(x.dtype(), x.shape());
            windows(n * c, h, w, oh, ow, kernel, stride, padding, (o, at) -> gx.set(at, gx.get(at) + g.get(o) * scale));
            return new Tensor[] {gx};
        }, x);
    }

    @FunctionalInterface
    private interface WindowVisitor {
        void visit(int out, int in);
    }

    private static void windows(int planes, int h, int w, int oh, int ow, int k, int s, int p, WindowVisitor v) {
        for (int q = 0; q < planes; q++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    int o = (q * oh + i) * ow + j;
                    for (int u = 0; u < k; u++) {
                        int yy = i * s - p + u;
                        if (yy < 0 || yy >= h) continue;
                        for (int t = 0; t < k; t++) {
                            int xx = j * s - p + t;
                            if (xx >= 0 && xx < w) v.visit(o, (q * h + yy) * w + xx);
                        }
                    }
                }
    }

    private static int[] dims(String op, Tensor x, int k, int s, int p) {
        if (x.rank() != 4) throw new IllegalArgumentException(op + ": input must be [N, C, H, W], got " + Shape.str(x.shape()));
        if (k < 1 || s < 1 || p < 0 || 2 * p > k) {
            throw new IllegalArgumentException(op + ": need kernel >= 1, stride >= 1, 0 <= padding <= kernel/2; got kernel=" + k
                    + " stride=" + s + " padding=" + p);
        }
        int h = x.dim(2), w = x.dim(3);
        int oh = (h + 2 * p - k) / s + 1, ow = (w + 2 * p - k) / s + 1;
        if (h + 2 * p < k || w + 2 * p < k) {
            throw new IllegalArgumentException(op + ": kernel " + k + " larger than padded input " + h + "x" + w);
        }
        return new int[] {x.dim(0), x.dim(1), h, w, oh, ow};
    }
}
