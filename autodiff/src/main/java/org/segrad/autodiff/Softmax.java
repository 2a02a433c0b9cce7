package org.segrad.autodiff;

import org.segrad.kernels.SoftmaxKernels;

/**
 * Softmax and log-softmax along one axis, computed stably (the maximum is subtracted first).
 *
 * <pre>
 * softmax:      s = e^(x − max) / Σ e^(x − max)          ∂x = s ⊙ (g − Σ_axis g ⊙ s)
 * log_softmax:  l = x − max − log Σ e^(x − max)          ∂x = g − softmax(x) ⊙ Σ_axis g
 * </pre>
 * The tensor is viewed as [outer, n, inner] (n = the axis) and computed in double by {@link SoftmaxKernels}.
 * Log-softmax keeps the probabilities it computes on the way for its backward, which then needs no {@code exp}.
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

    /**
     * Mean softmax cross-entropy of logits z [N, C, d1, …] (softmax over axis 1) against class ids [N, d1, …]:
     * L = −(1/P) Σ_i log softmax(z)_{i, y_i} over the P = N·d1·… pixels; ∂z = (softmax(z) − onehot(y))/P, labels get
     * no gradient. On a device this is one fused kernel (value and gradient stay there); on the CPU it is the composite
     * of log-softmax, one-hot, product and sum (the losses module's {@code ce} is the CPU's fused form).
     */
    public static Tensor crossEntropy(Tensor logits, Tensor labels) {
        int[] zs = logits.shape(), ls = labels.shape();
        boolean ok = zs.length >= 2 && ls.length == zs.length - 1 && ls[0] == zs[0];
        for (int i = 2; ok && i < zs.length; i++) ok = ls[i - 1] == zs[i];
        if (!ok) {
            throw new IllegalArgumentException("cross_entropy: labels " + Shape.str(ls) + " do not match logits " + Shape.str(zs)
                    + " (expected [N, d1, ...] for logits [N, C, d1, ...])");
        }
        Device dev = Device.common("cross_entropy", logits, labels);
        int n = zs[0], c = zs[1], hw = logits.numel() / Math.max(1, n * c);
        if (dev.isCpu()) {
            Tensor y = ShapeOps.oneHot(labels, c, logits.dtype());
            return logSoftmax(logits, 1).mul(y).sum().neg().div((double) n * hw);
        }
        Backend b = dev.backend();
        Tensor loss = Tensor.alloc(dev, logits.dtype());
        Tensor dz = Tensor.alloc(dev, logits.dtype(), zs);
        b.crossEntropy(n, c, hw, logits.deviceArray(), labels.deviceArray(), loss.deviceArray(), dz.deviceArray());
        return Autograd.record("cross_entropy", loss, g -> {
            Tensor gz = Tensor.alloc(dev, logits.dtype(), zs);
            b.scaleBy(dz.deviceArray(), g.deviceArray(), gz.deviceArray());
            return new Tensor[] {gz, null};
        }, logits, labels);
    }

    /** Writes log-softmax into {@code logOut} and softmax into {@code probOut}; either may be null. */
    private static void compute(Tensor x, int ax, Tensor logOut, Tensor probOut) {
        int[] s = x.shape();
        SoftmaxKernels.forward(x.data(), outer(s, ax), s[ax], inner(s, ax), logOut == null ? null : logOut.data(),
                probOut == null ? null : probOut.data());
    }

    /** ∂x of softmax or log-softmax from g and the saved probabilities s. */
    private static Tensor backward(Tensor g, Tensor s, int ax, boolean softmax) {
        int[] shape = s.shape();
        Tensor gx = Tensor.alloc(s.dtype(), shape);
        SoftmaxKernels.backward(g.data(), s.data(), gx.data(), outer(shape, ax), shape[ax], inner(shape, ax), softmax);
        return gx;
    }

    private static int outer(int[] s, int ax) {
        int outer = 1;
        for (int i = 0; i < ax; i++) outer *= s[i];
        return outer;
    }

    private static int inner(int[] s, int ax) {
        int inner = 1;
        for (int i = ax + 1; i < s.length; i++) inner *= s[i];
        return inner;
    }
}
