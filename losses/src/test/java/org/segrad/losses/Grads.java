package org.segrad.losses;

import org.segrad.autodiff.Tensor;

/** Test helpers: the autodiff gradient of a loss, and the normwise error between two gradients. */
final class Grads {
    static final double FLOOR = 1e-5;

    private Grads() {}

    /** The composite loss value and its autodiff gradient. */
    static LossValue autodiff(SegLoss loss, Tensor logits, Tensor labels) {
        Tensor z = logits.detach().copy().requiresGrad(true);
        Tensor l = loss.forward(z, labels);
        l.backward();
        return new LossValue(l.item(), z.grad());
    }

    /**
     * max_j |a_j − b_j| / max(max_j |b_j|, 1e-5): the error relative to the gradient's scale, with a floor. The
     * gradients are sums of terms like w (p − y) whose absolute precision is a few ulps of 1 (≈ 1e-16); where they
     * cancel to a gradient below 1e-5 (every pixel confidently right) the comparison is absolute at 1e-15.
     */
    static double relError(Tensor a, Tensor b) {
        return relError(a.toDoubleArray(), b.toDoubleArray());
    }

    static double relError(double[] a, double[] b) {
        double diff = 0, scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            if (Double.isNaN(a[i]) || Double.isNaN(b[i])) return Double.POSITIVE_INFINITY;
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff == 0 ? 0 : diff / Math.max(scale, FLOOR);
    }

    /**
     * |a − b| / max(|b|, 0.01): Dice-type losses are 1 − (mean ratio), so a small loss carries the absolute rounding
     * of an O(1) quantity (≈ 1e-16); below 0.01 the comparison is absolute.
     */
    static double relValueError(double a, double b) {
        return a == b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 0.01);
    }

    static boolean allFinite(Tensor t) {
        for (int i = 0; i < t.numel(); i++) if (!Double.isFinite(t.get(i))) return false;
        return true;
    }
}
