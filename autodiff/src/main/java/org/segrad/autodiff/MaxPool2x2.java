package org.segrad.autodiff;

import org.segrad.kernels.MaxPool2x2Kernels;

/**
 * The U-Net's max-pool, 2×2 windows with stride 2 and no padding ({@link MaxPool2x2Kernels}). Same rule as the
 * general {@link Pooling#maxPool2d}: the window is scanned (0,0), (0,1), (1,0), (1,1) and an element replaces the best
 * so far when it is greater or NaN, so the first maximum (or the last NaN) wins and receives the gradient. Windows do
 * not overlap, so the argmax is kept as one byte per output (0..3) and the backward is a scatter without sums.
 */
final class MaxPool2x2 {
    private MaxPool2x2() {}

    static Tensor apply(Tensor x, int planes, int h, int w, int oh, int ow) {
        if (!x.device().isCpu()) return onDevice(x, planes, h, w, oh, ow);
        Tensor y = Tensor.allocOverwritten(x.dtype(), x.dim(0), x.dim(1), oh, ow);
        byte[] arg = new byte[y.numel()];
        MaxPool2x2Kernels.forward(x.dtype().kernels(), x.data(), y.data(), arg, planes, h, w, oh, ow);
        return Autograd.record(Primitive.MAX_POOL2D, y, g -> {
            Tensor gx = Tensor.allocOverwritten(x.dtype(), x.shape());
            Tensor gy = g.dtype() == x.dtype() ? g : Elementwise.castRaw(g, x.dtype());
            MaxPool2x2Kernels.backward(x.dtype().kernels(), gy.data(), arg, gx.data(), planes, h, w, oh, ow);
            return new Tensor[] {gx};
        }, x);
    }

    /** The same op through the device's kernels; the argmax (an int index into x per output) stays on the device. */
    private static Tensor onDevice(Tensor x, int planes, int h, int w, int oh, int ow) {
        Device dev = x.device();
        Backend b = dev.backend();
        Tensor y = Tensor.alloc(dev, x.dtype(), x.dim(0), x.dim(1), oh, ow);
        Tensor arg = Tensor.alloc(dev, x.dtype(), y.shape());
        b.maxPool2x2Forward(planes, h, w, x.deviceArray(), y.deviceArray(), arg.deviceArray());
        return Autograd.record(Primitive.MAX_POOL2D, y, g -> {
            Tensor gx = Tensor.alloc(dev, x.dtype(), x.shape());
            b.maxPool2x2Backward(planes, h, w, g.deviceArray(), arg.deviceArray(), gx.deviceArray());
            return new Tensor[] {gx};
        }, x);
    }
}
