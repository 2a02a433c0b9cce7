package org.segrad.autodiff;

import org.segrad.kernels.PoolingKernels;

/**
 * Max and average pooling over k×k windows (NCHW), stride s, zero/−∞ padding p.
 *
 * <pre>
 * max_pool2d: y = max over the window; ∂x = g routed to the first maximal element of each window (PyTorch's rule)
 * avg_pool2d: y = Σ window / k² (padding counted, PyTorch's default count_include_pad=True); ∂x = g / k² spread
 * </pre>
 * The loops are {@link PoolingKernels} (the 2×2 stride-2 max-pool: {@link MaxPool2x2}).
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
        PoolingKernels.maxForward(x.data(), y.data(), arg, n * c, h, w, oh, ow, kernel, stride, padding);
        return Autograd.record(Primitive.MAX_POOL2D, y, g -> {
            Tensor gx = Tensor.alloc(x.dtype(), x.shape());
            PoolingKernels.maxBackward(g.data(), arg, gx.data());
            return new Tensor[] {gx};
        }, x);
    }

    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
        int[] d = dims("avg_pool2d", x, kernel, stride, padding);
        int n = d[0], c = d[1], h = d[2], w = d[3], oh = d[4], ow = d[5];
        double scale = 1.0 / (kernel * kernel);
        Tensor y = Tensor.alloc(x.dtype(), n, c, oh, ow);
        PoolingKernels.avgForward(x.data(), y.data(), n * c, h, w, oh, ow, kernel, stride, padding, scale);
        return Autograd.record(Primitive.AVG_POOL2D, y, g -> {
            Tensor gx = Tensor.alloc(x.dtype(), x.shape());
            PoolingKernels.avgBackward(g.data(), gx.data(), n * c, h, w, oh, ow, kernel, stride, padding, scale);
            return new Tensor[] {gx};
        }, x);
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
