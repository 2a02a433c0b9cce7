package org.segrad.losses;

import org.segrad.autodiff.Tensor;
import org.segrad.kernels.ClassMapKernels;
import org.segrad.kernels.SoftmaxKernels;

/**
 * Softmax probabilities and log-probabilities over the class axis, in float64, computed by the kernel of
 * {@link org.segrad.autodiff.Softmax} ({@link SoftmaxKernels}: the maximum is subtracted first), for the analytic
 * gradient paths.
 */
final class Probs {
    final LabelMap y;
    final double[] p;
    final double[] logp;

    Probs(Tensor logits, LabelMap y) {
        this.y = y;
        int n = logits.numel();
        p = new double[n];
        logp = new double[n];
        SoftmaxKernels.forward(logits.data(), y.n, y.classes, y.hw, logp, p);
    }

    /** The vector-Jacobian product of softmax: gz_ik = p_ik (g_ik − Σ_c g_ic p_ic). */
    double[] softmaxVjp(double[] g) {
        double[] out = new double[g.length];
        SoftmaxKernels.backward(g, p, out, y.n, y.classes, y.hw, true);
        return out;
    }

    /**
     * The confidence class k_i of each pixel: the true class, or the arg-max (first on ties) for
     * {@code confidence=max}; −1 for ignored pixels.
     */
    int[] confidenceClass(LossOptions.Confidence confidence) {
        if (confidence == LossOptions.Confidence.TRUE_CLASS) return y.ids.clone();
        int[] k = new int[y.pixels()];
        ClassMapKernels.argmaxKept(y.ids, y.classes, y.hw, p, k);
        return k;
    }

    /** o_i = Σ_{c ≠ k_i} p_ic = 1 − p_{i,k_i} ({@code absent} where k_i = −1), summed to stay accurate as p → 1. */
    double[] otherMass(int[] k, double absent) {
        double[] o = new double[k.length];
        ClassMapKernels.otherMass(k, y.classes, y.hw, p, absent, o);
        return o;
    }

    /** v[at(i, k_i)] per pixel ({@code absent} where k_i = −1). */
    double[] gather(int[] k, double[] v, double absent) {
        double[] out = new double[k.length];
        ClassMapKernels.gather(k, y.classes, y.hw, v, absent, out);
        return out;
    }
}
