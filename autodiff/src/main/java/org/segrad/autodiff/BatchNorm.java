package org.segrad.autodiff;

import org.segrad.kernels.KernelThresholds;
import org.segrad.kernels.Parallel;

/**
 * Batch normalisation over the channels of an NCHW tensor (PyTorch's {@code F.batch_norm}).
 *
 * <pre>
 * training:  μ_c, σ²_c = mean and biased variance over (N, H, W);  x̂ = (x − μ_c)/√(σ²_c + ε);  y = γ_c x̂ + β_c
 *            running_mean ← (1 − m)·running_mean + m·μ_c,  running_var ← (1 − m)·running_var + m·σ²_c·M/(M − 1)
 *            ∂x = (1/√(σ²+ε))/M · (M·ĝ − Σ ĝ − x̂·Σ ĝx̂) with ĝ = g·γ;  ∂γ = Σ g·x̂;  ∂β = Σ g
 * eval:      x̂ = (x − running_mean)/√(running_var + ε); ∂x = g·γ/√(running_var + ε)
 * </pre>
 * γ, β may be null (affine = false); running statistics may be null in training (then nothing is tracked);
 * they are updated in place and are never part of the graph.
 *
 * <p>Statistics are two-pass per channel (mean, then Σ(x − μ)²), never E[x²] − μ²: a channel of the U-Net's
 * largest activation is 256 KiB of float32 and stays in L2 between the passes, so the second pass is cheap and no
 * precision is traded. Float32 runs are summed in vectorisable float lanes of 16 values flushed into double
 * accumulators ({@link ArrayLoops}); float64 in double throughout. The backward's Σg and Σg·(x − μ) share one pass. x̂ is not stored: the backward recomputes it from x, μ and 1/σ. The per-element
 * loops are y = x·a + b and ∂x = g·A + (x − μ)·B + C with per-channel constants, in the tensor's dtype.
 */
public final class BatchNorm {
    private BatchNorm() {}

    public static Tensor batchNorm2d(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                     boolean training, double momentum, double eps) {
        return batchNorm2d(x, gamma, beta, runningMean, runningVar, training, momentum, eps, false);
    }

    /**
     * relu(batch_norm2d(x, …)) as one op ({@code batch_norm2d_relu}), bit-identical to the two ops in sequence in value
     * and gradient: y = max(BN(x), 0); the backward masks g with y &gt; 0 (⇔ BN(x) &gt; 0; NaN gives +0, as
     * {@link Elementwise#relu}) into the buffer of ∂x and runs the batch-norm backward on it in place. The batch-norm
     * output is never materialised apart from y, which saves one activation per layer (memory and a pass over it).
     */
    public static Tensor batchNorm2dRelu(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                         boolean training, double momentum, double eps) {
        return batchNorm2d(x, gamma, beta, runningMean, runningVar, training, momentum, eps, true);
    }

    private static Tensor batchNorm2d(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                      boolean training, double momentum, double eps, boolean relu) {
        if (x.rank() != 4) throw new IllegalArgumentException("batch_norm2d: input must be [N, C, H, W], got " + Shape.str(x.shape()));
        int n = x.dim(0), c = x.dim(1), hw = x.dim(2) * x.dim(3);
        int count = n * hw;
        for (Tensor t : new Tensor[] {gamma, beta, runningMean, runningVar}) {
            if (t != null && (t.rank() != 1 || t.dim(0) != c)) {
                throw new IllegalArgumentException("batch_norm2d: per-channel tensors must have shape [" + c + "], got " + Shape.str(t.shape()));
            }
        }
        if (training && count < 2) {
            throw new IllegalArgumentException("batch_norm2d: training needs more than 1 value per channel, got input "
                    + Shape.str(x.shape()));
        }
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException("batch_norm2d: eval mode needs running_mean and running_var");
        }
        double[] mean = new double[c], invStd = new double[c];
        Tensor y = Tensor.alloc(x.dtype(), x.shape());
        // One channel at a time, statistics then output, so that the channel is still in L2 for the later passes.
        // Channels are independent (each writes only its own outputs and statistics): split across threads.
        Parallel.forRange(c, (long) c * count * KernelThresholds.ELEMENT_PASS_MACS, (c0, c1, chunk) -> {
        for (int ch = c0; ch < c1; ch++) {
            if (training) {
                double s = 0;
                for (int b = 0; b < n; b++) s += sum(x, (b * c + ch) * hw, hw);
                double mu = s / count, ss = 0;
                for (int b = 0; b < n; b++) ss += squaredDeviation(x, (b * c + ch) * hw, hw, mu);
                double var = ss / count;
                mean[ch] = mu;
                invStd[ch] = 1 / Math.sqrt(var + eps);
                if (runningMean != null) runningMean.set(ch, (1 - momentum) * runningMean.get(ch) + momentum * mu);
                if (runningVar != null) runningVar.set(ch, (1 - momentum) * runningVar.get(ch) + momentum * ss / (count - 1));
            } else {
                mean[ch] = runningMean.get(ch);
                invStd[ch] = 1 / Math.sqrt(runningVar.get(ch) + eps);
            }
            double gm = gamma == null ? 1 : gamma.get(ch), bt = beta == null ? 0 : beta.get(ch);
            // y = (x − μ)·(γ/σ) + β
            for (int b = 0; b < n; b++) affine(x, y, (b * c + ch) * hw, hw, mean[ch], gm * invStd[ch], bt, relu);
        }
        });
        return Autograd.record(relu ? Primitive.BATCH_NORM2D_RELU : Primitive.BATCH_NORM2D, y, gOut -> {
            double[] sumG = new double[c], sumGX = new double[c];
            // ∂(relu) first, into a fresh buffer that then becomes ∂x in place (elementwise, same index).
            Tensor g = relu ? Elementwise.maskedByPositive(gOut, y) : gOut;
            boolean f32 = g.dtype() == DType.FLOAT32 && x.dtype() == DType.FLOAT32;
            Tensor gx = !x.requiresGrad() ? null : relu && g.dtype() == x.dtype() ? g : Tensor.alloc(x.dtype(), x.shape());
            Parallel.forRange(c, (long) c * count * KernelThresholds.ELEMENT_PASS_MACS, (c0, c1, chunk) -> {
            double[] pair = new double[2];
            for (int ch = c0; ch < c1; ch++) {
                pair[0] = pair[1] = 0;
                for (int b = 0; b < n; b++) {
                    int base = (b * c + ch) * hw;
                    if (f32) ArrayLoops.sumAndCenteredDot(g.floatData(), x.floatData(), base, hw, (float) mean[ch], pair);
                    else {
                        pair[0] += sum(g, base, hw);
                        pair[1] += dotCentered(g, x, base, hw, mean[ch]);
                    }
                }
                sumG[ch] = pair[0];
                sumGX[ch] = pair[1] * invStd[ch];
                if (gx == null) continue;
                double gm = gamma == null ? 1 : gamma.get(ch), is = invStd[ch];
                // training: ∂x = γ/σ·g − γ/σ³·(Σ g·x̂)/M·(x − μ) − γ/σ·(Σ g)/M;  eval: ∂x = γ/σ·g
                double a = gm * is;
                double bCoef = training ? -gm * is * is * sumGX[ch] / count : 0;
                double cCoef = training ? -gm * is * sumG[ch] / count : 0;
                for (int b = 0; b < n; b++) backwardRun(g, x, gx, (b * c + ch) * hw, hw, mean[ch], a, bCoef, cCoef);
            }
            });
            return new Tensor[] {gx,
                    gamma == null ? null : Tensor.of(gamma.dtype(), sumGX, c),
                    beta == null ? null : Tensor.of(beta.dtype(), sumG, c)};
        }, x, gamma, beta);
    }

    // ------------------------------------------------------------ per-run loops, dtype chosen once per run

    private static double sum(Tensor t, int off, int len) {
        return t.dtype() == DType.FLOAT32 ? ArrayLoops.sum(t.floatData(), off, len) : ArrayLoops.sum(t.doubleData(), off, len);
    }

    /** Σ (x − μ)² over a run: float lanes for float32 ({@link ArrayLoops}), four double accumulators for float64. */
    private static double squaredDeviation(Tensor x, int off, int len, double mu) {
        if (x.dtype() == DType.FLOAT32) return ArrayLoops.squaredDeviation(x.floatData(), off, len, (float) mu);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        {
            double[] a = x.doubleData();
            for (; i + 3 < len; i += 4) {
                double d0 = a[off + i] - mu, d1 = a[off + i + 1] - mu, d2 = a[off + i + 2] - mu, d3 = a[off + i + 3] - mu;
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }
            for (; i < len; i++) {
                double d = a[off + i] - mu;
                s0 += d * d;
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ g·(x − μ) over a run of float64 (or mixed) tensors, four double accumulators. */
    private static double dotCentered(Tensor g, Tensor x, int off, int len, double mu) {
        if (g.dtype() != x.dtype()) {
            double s = 0;
            for (int i = 0; i < len; i++) s += g.get(off + i) * (x.get(off + i) - mu);
            return s;
        }
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        {
            double[] a = x.doubleData(), b = g.doubleData();
            for (; i + 3 < len; i += 4) {
                s0 += b[off + i] * (a[off + i] - mu);
                s1 += b[off + i + 1] * (a[off + i + 1] - mu);
                s2 += b[off + i + 2] * (a[off + i + 2] - mu);
                s3 += b[off + i + 3] * (a[off + i + 3] - mu);
            }
            for (; i < len; i++) s0 += b[off + i] * (a[off + i] - mu);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** y = (x − μ)·a + b over a run, then max(y, 0) if {@code relu} (float32 in float, so that C2 vectorises it). */
    private static void affine(Tensor x, Tensor y, int off, int len, double mu, double a, double b, boolean relu) {
        if (x.dtype() == DType.FLOAT32) {
            float[] src = x.floatData(), dst = y.floatData();
            float m = (float) mu, af = (float) a, bf = (float) b;
            if (relu) for (int i = off; i < off + len; i++) dst[i] = Math.max((src[i] - m) * af + bf, 0f);
            else for (int i = off; i < off + len; i++) dst[i] = (src[i] - m) * af + bf;
        } else {
            double[] src = x.doubleData(), dst = y.doubleData();
            if (relu) for (int i = off; i < off + len; i++) dst[i] = Math.max((src[i] - mu) * a + b, 0.0);
            else for (int i = off; i < off + len; i++) dst[i] = (src[i] - mu) * a + b;
        }
    }

    /** gx = g·a + (x − μ)·b + c over a run. */
    private static void backwardRun(Tensor g, Tensor x, Tensor gx, int off, int len, double mu, double a, double b, double c) {
        if (x.dtype() == DType.FLOAT32 && g.dtype() == DType.FLOAT32) {
            float[] gs = g.floatData(), xs = x.floatData(), dst = gx.floatData();
            float m = (float) mu, af = (float) a, bf = (float) b, cf = (float) c;
            for (int i = off; i < off + len; i++) dst[i] = gs[i] * af + ((xs[i] - m) * bf + cf);
        } else if (x.dtype() == DType.FLOAT64 && g.dtype() == DType.FLOAT64) {
            double[] gs = g.doubleData(), xs = x.doubleData(), dst = gx.doubleData();
            for (int i = off; i < off + len; i++) dst[i] = gs[i] * a + ((xs[i] - mu) * b + c);
        } else {
            for (int i = off; i < off + len; i++) gx.set(i, g.get(i) * a + ((x.get(i) - mu) * b + c));
        }
    }
}
