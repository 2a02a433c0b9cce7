package org.segrad.losses;

import org.segrad.autodiff.Tensor;
import org.segrad.kernels.KernelThresholds;
import org.segrad.kernels.Parallel;

/**
 * Softmax probabilities and log-probabilities over the class axis, in float64, computed exactly as
 * {@link org.segrad.autodiff.Softmax} does (the maximum is subtracted first), for the analytic gradient paths.
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
        int c = y.classes;
        // Pixels are independent: split across threads (the values do not depend on the split).
        Parallel.forRange(y.pixels(), (long) n * KernelThresholds.ELEMENT_PASS_MACS * TRANSCENDENTAL_PASSES, (i0, i1, chunk) -> {
            for (int i = i0; i < i1; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < c; k++) max = Math.max(max, logits.get(y.at(i, k)));
                double sum = 0;
                for (int k = 0; k < c; k++) {
                    int j = y.at(i, k);
                    double e = Math.exp(logits.get(j) - max);
                    p[j] = e; // exp kept for the division below: one exponential per element, not two
                    sum += e;
                }
                double logSum = Math.log(sum);
                for (int k = 0; k < c; k++) {
                    int j = y.at(i, k);
                    p[j] /= sum;
                    logp[j] = logits.get(j) - max - logSum;
                }
            }
        });
    }

    /** An exponential and a share of a logarithm per element cost about as much as this many plain passes. */
    private static final int TRANSCENDENTAL_PASSES = 4;

    /** The vector-Jacobian product of softmax: gz_ik = p_ik (g_ik − Σ_c g_ic p_ic). */
    double[] softmaxVjp(double[] g) {
        double[] out = new double[g.length];
        int c = y.classes;
        for (int i = 0; i < y.pixels(); i++) {
            double dot = 0;
            for (int k = 0; k < c; k++) dot += g[y.at(i, k)] * p[y.at(i, k)];
            for (int k = 0; k < c; k++) {
                int j = y.at(i, k);
                out[j] = p[j] * (g[j] - dot);
            }
        }
        return out;
    }

    /**
     * The confidence class k_i of each pixel: the true class, or the arg-max (first on ties) for
     * {@code confidence=max}; −1 for ignored pixels.
     */
    int[] confidenceClass(LossOptions.Confidence confidence) {
        int[] k = new int[y.pixels()];
        for (int i = 0; i < k.length; i++) {
            if (y.ids[i] < 0) {
                k[i] = -1;
            } else if (confidence == LossOptions.Confidence.TRUE_CLASS) {
                k[i] = y.ids[i];
            } else {
                int best = 0;
                for (int c = 1; c < y.classes; c++) if (p[y.at(i, c)] > p[y.at(i, best)]) best = c;
                k[i] = best;
            }
        }
        return k;
    }

    /** o_i = Σ_{c ≠ k_i} p_ic = 1 − p_{i,k_i}, summed so that it stays accurate when p_{i,k_i} → 1. */
    double otherMass(int i, int k) {
        double s = 0;
        for (int c = 0; c < y.classes; c++) if (c != k) s += p[y.at(i, c)];
        return s;
    }
}
