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
