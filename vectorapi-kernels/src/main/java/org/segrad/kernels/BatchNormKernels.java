package org.segrad.kernels;

import static org.segrad.kernels.StridedKernels.get;
import static org.segrad.kernels.StridedKernels.set;

/**
 * Batch normalisation over the channels of x = [n, c, hw] (NCHW with hw = H·W), M = n·hw values per channel.
 * <pre>
 * training:  μ_c = (1/M) Σ x,  σ²_c = (1/M) Σ (x − μ_c)²  (two passes, never E[x²] − μ²),  y = (x − μ_c)·(γ_c/σ_c) + β_c
 *            running_mean ← (1 − m)·running_mean + m·μ_c,  running_var ← (1 − m)·running_var + m·Σ(x − μ_c)²/(M − 1)
 * eval:      μ_c = running_mean_c, 1/σ_c = 1/√(running_var_c + ε)
 * backward:  Σg_c and Σg·x̂_c = (Σ g·(x − μ_c))/σ_c;  ∂x = g·A + ((x − μ)·B + C) with A = γ/σ and, in training,
 *            B = −γ/σ²·(Σ g·x̂)/M, C = −γ/σ·(Σ g)/M (B = C = 0 in eval)
 * </pre>
 * The element loops are the per-dtype {@link ArrayKernels} (float32 runs in float with float-lane sums flushed into
 * double, float64 in double); a gradient of another dtype than x takes the general loops. Per-channel arrays (γ, β,
 * running statistics) may be of either type and null (absent). Channels are independent, so they are split across
 * threads ({@link Parallel}); each channel's result does not depend on the split.
 */
public final class BatchNormKernels {
    private BatchNormKernels() {}

    /**
     * Reads x, γ, β (and the running statistics in eval); overwrites y, mean[0, c), invStd[0, c); in training updates
     * runningMean/runningVar in place when they are not null. With {@code relu}, y = max(BN(x), 0).
     */
    public static void forward(ArrayKernels k, Object x, Object y, int n, int c, int hw, boolean training, Object gamma,
                               Object beta, Object runningMean, Object runningVar, double momentum, double eps,
                               boolean relu, double[] mean, double[] invStd) {
        int count = n * hw;
        // One channel at a time, statistics then output, so that the channel is still in L2 for the later passes.
        Parallel.forRange(c, (long) c * count * KernelThresholds.ELEMENT_PASS_MACS, (c0, c1, chunk) -> {
            for (int ch = c0; ch < c1; ch++) {
                if (training) {
                    double s = 0;
                    for (int b = 0; b < n; b++) s += k.sum(x, (b * c + ch) * hw, hw);
                    double mu = s / count, ss = 0;
                    for (int b = 0; b < n; b++) ss += k.squaredDeviation(x, (b * c + ch) * hw, hw, mu);
                    double var = ss / count;
                    mean[ch] = mu;
                    invStd[ch] = 1 / Math.sqrt(var + eps);
                    if (runningMean != null) set(runningMean, ch, (1 - momentum) * get(runningMean, ch) + momentum * mu);
                    if (runningVar != null) set(runningVar, ch, (1 - momentum) * get(runningVar, ch) + momentum * ss / (count - 1));
                } else {
                    mean[ch] = get(runningMean, ch);
                    invStd[ch] = 1 / Math.sqrt(get(runningVar, ch) + eps);
                }
                double gm = gamma == null ? 1 : get(gamma, ch), bt = beta == null ? 0 : get(beta, ch);
                for (int b = 0; b < n; b++) k.affine(x, y, (b * c + ch) * hw, hw, mean[ch], gm * invStd[ch], bt, relu);
            }
        });
    }

    /**
     * Reads g (table {@code kg}), x (table {@code kx}), γ and the forward's mean/invStd; overwrites sumG[0, c),
     * sumGX[0, c) (Σg·x̂) and, when gx is not null, gx (which may be g itself when both have x's type).
     */
    public static void backward(ArrayKernels kx, ArrayKernels kg, Object g, Object x, Object gx, int n, int c, int hw,
                                boolean training, Object gamma, double[] mean, double[] invStd, double[] sumG, double[] sumGX) {
        int count = n * hw;
        boolean same = kg == kx;
        Parallel.forRange(c, (long) c * count * KernelThresholds.ELEMENT_PASS_MACS, (c0, c1, chunk) -> {
            double[] pair = new double[2];
            for (int ch = c0; ch < c1; ch++) {
                pair[0] = pair[1] = 0;
                for (int b = 0; b < n; b++) {
                    int base = (b * c + ch) * hw;
                    if (same) kx.sumAndCenteredDot(g, x, base, hw, mean[ch], pair);
                    else {
                        pair[0] += kg.sum(g, base, hw);
                        pair[1] += mixedDotCentered(g, x, base, hw, mean[ch]);
                    }
                }
                sumG[ch] = pair[0];
                sumGX[ch] = pair[1] * invStd[ch];
                if (gx == null) continue;
                double gm = gamma == null ? 1 : get(gamma, ch), is = invStd[ch];
                double a = gm * is;
                double bCoef = training ? -gm * is * is * sumGX[ch] / count : 0;
                double cCoef = training ? -gm * is * sumG[ch] / count : 0;
                for (int b = 0; b < n; b++) {
                    int base = (b * c + ch) * hw;
                    if (same) kx.affineBackward(g, x, gx, base, hw, mean[ch], a, bCoef, cCoef);
                    else for (int i = base; i < base + hw; i++) set(gx, i, get(g, i) * a + ((get(x, i) - mean[ch]) * bCoef + cCoef));
                }
            }
        });
    }

    private static double mixedDotCentered(Object g, Object x, int off, int len, double mu) {
        double s = 0;
        for (int i = 0; i < len; i++) s += get(g, off + i) * (get(x, off + i) - mu);
        return s;
    }
}
