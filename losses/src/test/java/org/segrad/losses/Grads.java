package org.segrad.losses;

import org.segrad.autodiff.Tensor;

/** Test helpers: the autodiff gradient of a loss, and the normwise error between two gradients. */
final class Grads {
    private Grads() {}

    /** The composite loss value and its autodiff gradient. */
    static LossValue autodiff(SegLoss loss, Tensor logits, Tensor labels) {
        Tensor z = logits.detach().copy().requiresGrad(true);
        Tensor l = loss.forward(z, labels);
        l.backward();
        return new LossValue(l.item(), z.grad());
    }

    /**
     * max_j |a_j − b_j| / max(max_j |b_j|, 1e-6): the error relative to the gradient's scale, with GradCheck's floor
     * of 1e-6, so that a gradient that nearly vanishes through cancellation (p − y with p within 1e-12 of 1) is
     * compared absolutely: there the two paths round differently in the last bits of p.
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
        return diff == 0 ? 0 : diff / Math.max(scale, 1e-6);
    }

    static double relValueError(double a, double b) {
        return a == b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 1e-6);
    }

    static boolean allFinite(Tensor t) {
        for (int i = 0; i < t.numel(); i++) if (!Double.isFinite(t.get(i))) return false;
        return true;
    }
}
