package org.segrad.autodiff;

import org.segrad.kernels.ConvGeometry;
import org.segrad.kernels.StridedKernels;

/**
 * 2-D convolution and transposed convolution (NCHW) through the kernels of {@code vectorapi-kernels}.
 *
 * <pre>
 * conv2d:            y[b,o,i,j] = bias[o] + Σ_{c,u,v} x[b,c,i·s−p+u·d, j·s−p+v·d] · w[o,c,u,v]
 *                    ∂x = conv backward-data(g, w), ∂w = conv backward-weight(x, g), ∂bias[o] = Σ_{b,i,j} g[b,o,i,j]
 * conv_transpose2d:  the adjoint of conv2d in x: y = conv backward-data(x, w) + bias, weight [cIn, cOut, kh, kw]
 *                    (PyTorch's layout), out = (in − 1)·s − 2p + d·(k − 1) + outputPadding + 1
 *                    ∂x = conv2d(g, w), ∂w = conv backward-weight with input g and output-gradient x
 * </pre>
 * On a device ({@link Tensor#device()}) the same kernels run through the device's {@link Backend}.
 */
public final class Convolution {
    private Convolution() {}

    /** Square parameters: stride, padding, dilation equal on both axes. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int padding, int dilation) {
        return conv2d(x, w, bias, new int[] {stride, stride}, new int[] {padding, padding}, new int[] {dilation, dilation});
    }

    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] dilation) {
        checkRank4("conv2d", x, w);
        if (w.dim(1) != x.dim(1)) {
            throw new IllegalArgumentException("conv2d: input has " + x.dim(1) + " channels but weight " + Shape.str(w.shape())
                    + " expects " + w.dim(1));
        }
        checkBias("conv2d", bias, w.dim(0));
        Device dev = Device.common("conv2d", x, w, bias);
        DType dt = x.dtype();
        Tensor wd = same(w, dt);
        ConvGeometry geo = new ConvGeometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(0), w.dim(2), w.dim(3),
                stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1]);
        Tensor y = Tensor.allocOverwritten(dev, dt, geo.n(), geo.cOut(), geo.outH(), geo.outW());
        forward(geo, x, wd, y);
        addBias(y, bias);
        return Autograd.record(Primitive.CONV2D, y, g -> new Tensor[] {
                x.requiresGrad() ? backwardData(geo, g, wd, Tensor.allocOverwritten(dev, dt, x.shape())) : null,
                w.requiresGrad() ? backwardWeight(geo, x, g, Tensor.allocOverwritten(dev, dt, w.shape())) : null,
                bias == null ? null : biasGrad(g)}, x, w, bias);
    }

    /** Square parameters for {@link #convTranspose2d(Tensor, Tensor, Tensor, int[], int[], int[], int[])}. */
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, int stride, int padding, int outputPadding, int dilation) {
        return convTranspose2d(x, w, bias, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {outputPadding, outputPadding}, new int[] {dilation, dilation});
    }

    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                         int[] dilation) {
        checkRank4("conv_transpose2d", x, w);
        if (w.dim(0) != x.dim(1)) {
            throw new IllegalArgumentException("conv_transpose2d: input has " + x.dim(1) + " channels but weight "
                    + Shape.str(w.shape()) + " expects " + w.dim(0));
        }
        checkBias("conv_transpose2d", bias, w.dim(1));
        for (int a = 0; a < 2; a++) {
            // Stricter than PyTorch (which also allows outputPadding < dilation): the extra rows must be ones that a
            // stride step of the adjoint convolution can reach, so that the backward-data kernel computes them.
            if (outputPadding[a] < 0 || outputPadding[a] >= stride[a]) {
                throw new IllegalArgumentException("conv_transpose2d: output padding " + outputPadding[a]
                        + " must be in [0, stride = " + stride[a] + ")");
            }
        }
        int oh = (x.dim(2) - 1) * stride[0] - 2 * padding[0] + dilation[0] * (w.dim(2) - 1) + outputPadding[0] + 1;
        int ow = (x.dim(3) - 1) * stride[1] - 2 * padding[1] + dilation[1] * (w.dim(3) - 1) + outputPadding[1] + 1;
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("conv_transpose2d: output size " + oh + "x" + ow + " is not positive for input "
                    + Shape.str(x.shape()));
        }
        Device dev = Device.common("conv_transpose2d", x, w, bias);
        DType dt = x.dtype();
        Tensor wd = same(w, dt);
        // The conv whose backward-data this is: input = our output (w.dim(1) channels), output = our input.
        ConvGeometry geo = new ConvGeometry(x.dim(0), w.dim(1), oh, ow, w.dim(0), w.dim(2), w.dim(3),
                stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1]);
        Tensor y = backwardData(geo, x, wd, Tensor.allocOverwritten(dev, dt, geo.n(), geo.cIn(), oh, ow));
        addBias(y, bias);
        return Autograd.record(Primitive.CONV_TRANSPOSE2D, y, g -> {
            Tensor gx = null, gw = null;
            if (x.requiresGrad()) {
                gx = Tensor.allocOverwritten(dev, dt, x.shape());
                forward(geo, g, wd, gx);
            }
            if (w.requiresGrad()) gw = backwardWeight(geo, g, x, Tensor.allocOverwritten(dev, dt, w.shape()));
            return new Tensor[] {gx, gw, bias == null ? null : biasGrad(g)};
        }, x, w, bias);
    }

    // ------------------------------------------------------------ kernels of the dtype's table, or of the device

    private static void forward(ConvGeometry geo, Tensor x, Tensor w, Tensor y) {
        Backend b = y.backend();
        if (b != null) b.convForward(geo, x.deviceArray(), w.deviceArray(), y.deviceArray());
        else y.dtype().kernels().convForward(geo, x.data(), w.data(), y.data());
    }

    private static Tensor backwardData(ConvGeometry geo, Tensor dy, Tensor w, Tensor dx) {
        Backend b = dx.backend();
        if (b != null) b.convBackwardData(geo, dy.deviceArray(), w.deviceArray(), dx.deviceArray());
        else dx.dtype().kernels().convBackwardData(geo, dy.data(), w.data(), dx.data());
        return dx;
    }

    private static Tensor backwardWeight(ConvGeometry geo, Tensor x, Tensor dy, Tensor dw) {
        Backend b = dw.backend();
        if (b != null) b.convBackwardWeight(geo, x.deviceArray(), dy.deviceArray(), dw.deviceArray());
        else dw.dtype().kernels().convBackwardWeight(geo, x.data(), dy.data(), dw.data());
        return dw;
    }

    private static Tensor same(Tensor t, DType dt) {
        return t.dtype() == dt ? t : Elementwise.cast(t, dt).detach();
    }

    private static void addBias(Tensor y, Tensor bias) {
        if (bias == null) return;
        int n = y.dim(0), c = y.dim(1), hw = y.dim(2) * y.dim(3);
        Backend b = y.backend();
        if (b != null) {
            b.addChannelBias(y.deviceArray(), bias.deviceArray(), n, c, hw);
            return;
        }
        // Same dtype: float + float rounds like the double sum rounded once, so the typed loop is exact.
        if (bias.dtype() == y.dtype()) y.dtype().kernels().addChannelBias(y.data(), bias.data(), n, c, hw);
        else StridedKernels.addChannelBias(y.data(), bias.data(), n, c, hw);
    }

    /** Σ of g over batch and space, per channel. */
    static Tensor biasGrad(Tensor g) {
        int n = g.dim(0), c = g.dim(1), hw = g.dim(2) * g.dim(3);
        Backend b = g.backend();
        if (b != null) {
            Tensor out = Tensor.alloc(g.device(), g.dtype(), c);
            b.channelSum(g.deviceArray(), out.deviceArray(), n, c, hw);
            return out;
        }
        return Reductions.reduceSum(g.reshapeRaw(new int[] {n, c, hw}), new int[] {1, c, 1}).reshapeRaw(new int[] {c});
    }

    private static void checkRank4(String op, Tensor x, Tensor w) {
        if (x.rank() != 4) throw new IllegalArgumentException(op + ": input must be [N, C, H, W], got " + Shape.str(x.shape()));
        if (w.rank() != 4) throw new IllegalArgumentException(op + ": weight must be rank 4, got " + Shape.str(w.shape()));
    }

    private static void checkBias(String op, Tensor bias, int channels) {
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != channels)) {
            throw new IllegalArgumentException(op + ": bias must have shape [" + channels + "], got " + Shape.str(bias.shape()));
        }
    }
}
