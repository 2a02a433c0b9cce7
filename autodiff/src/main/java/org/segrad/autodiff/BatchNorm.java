package org.segrad.autodiff;

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
 */
public final class BatchNorm {
    private BatchNorm() {}

    public static Tensor batchNorm2d(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                     boolean training, double momentum, double eps) {
        if (x.rank() != 4) throw new IllegalArgumentException("batch_norm2d: input must be [N, C, H, W], got " + Shape.str(x.shape()));
        int n = x.dim(0), c = x.dim(1), hw = x.dim(2) * x.dim(3);
        int count = n * hw;
        for (Tensor t : new Tensor[] {gamma, beta, runningMean, runningVar}) {
            if (t != null && (t.rank() != 1 || t.dim(0) != c)) {
                throw new IllegalArgumentException("batch_norm2d: per-channel tensors must have shape [" + c + "], got " + Shape.str(t.shape()));
            }
        }
        double[] mean = new double[c], invStd = new double[c];
        if (training) {
            if (count < 2) {
                throw new IllegalArgumentException("batch_norm2d: training needs more than 1 value per channel, got input "
                        + Shape.str(x.shape()));
            }
            for (int ch = 0; ch < c; ch++) {
                double s = 0;
                for (int b = 0; b < n; b++) for (int i = 0, base = (b * c + ch) * hw; i < hw; i++) s += x.get(base + i);
                double mu = s / count, ss = 0;
                for (int b = 0; b < n; b++) for (int i = 0, base = (b * c + ch) * hw; i < hw; i++) {
                    double dv = x.get(base + i) - mu;
                    ss += dv * dv;
                }
                double var = ss / count;
                mean[ch] = mu;
                invStd[ch] = 1 / Math.sqrt(var + eps);
                if (runningMean != null) runningMean.set(ch, (1 - momentum) * runningMean.get(ch) + momentum * mu);
                if (runningVar != null) runningVar.set(ch, (1 - momentum) * runningVar.get(ch) + momentum * ss / (count - 1));
            }
        } else {
            if (runningMean == null || runningVar == null) {
                throw new IllegalArgumentException("batch_norm2d: eval mode needs running_mean and running_var");
            }
            for (int ch = 0; ch < c; ch++) {
                mean[ch] = runningMean.get(ch);
                invStd[ch] = 1 / Math.sqrt(runningVar.get(ch) + eps);
            }
        }
        Tensor xhat = Tensor.zeros(x.dtype(), x.shape());
        Tensor y = Tensor.zeros(x.dtype(), x.shape());
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++) {
                double gm = gamma == null ? 1 : gamma.get(ch), bt = beta == null ? 0 : beta.get(ch);
                for (int i = 0, base = (b * c + ch) * hw; i < hw; i++) {
                    double h = (x.get(base + i) - mean[ch]) * invStd[ch];
                    xhat.set(base + i, h);
                    y.set(base + i, gm * h + bt);
                }
            }
        return Autograd.record(Primitive.BATCH_NORM2D, y, g -> {
            double[] sumG = new double[c], sumGX = new double[c];
            for (int b = 0; b < n; b++)
                for (int ch = 0; ch < c; ch++)
                    for (int i = 0, base = (b * c + ch) * hw; i < hw; i++) {
                        sumG[ch] += g.get(base + i);
                        sumGX[ch] += g.get(base + i) * xhat.get(base + i);
                    }
            Tensor gx = null;
            if (x.requiresGrad()) {
                gx = Tensor.zeros(x.dtype(), x.shape());
                for (int b = 0; b < n; b++)
                    for (int ch = 0; ch < c; ch++) {
                        double gm = gamma == null ? 1 : gamma.get(ch);
                        for (int i = 0, base = (b * c + ch) * hw; i < hw; i++) {
                            double v = training
                                    ? gm * invStd[ch] / count * (count * g.get(base + i) - sumG[ch] - xhat.get(base + i) * sumGX[ch])
                                    : g.get(base + i) * gm * invStd[ch];
                            gx.set(base + i, v);
                        }
                    }
            }
            return new Tensor[] {gx,
                    gamma == null ? null : Tensor.of(gamma.dtype(), sumGX, c),
                    beta == null ? null : Tensor.of(beta.dtype(), sumG, c)};
        }, x, gamma, beta);
    }
}
