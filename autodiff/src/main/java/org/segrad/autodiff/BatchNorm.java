package org.segrad.autodiff;

import org.segrad.kernels.BatchNormKernels;

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
 * precision is traded. x̂ is not stored: the backward recomputes it from x, μ and 1/σ. The loops are
 * {@link BatchNormKernels} over the dtype's array kernels.
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
        Device dev = Device.common(relu ? "batch_norm2d_relu" : "batch_norm2d", x, gamma, beta, runningMean, runningVar);
        if (!dev.isCpu()) return onDevice(dev, x, gamma, beta, runningMean, runningVar, training, momentum, eps, relu);
        double[] mean = new double[c], invStd = new double[c];
        Tensor y = Tensor.allocOverwritten(x.dtype(), x.shape());
        BatchNormKernels.forward(x.dtype().kernels(), x.data(), y.data(), n, c, hw, training, data(gamma), data(beta),
                data(runningMean), data(runningVar), momentum, eps, relu, mean, invStd);
        return Autograd.record(relu ? Primitive.BATCH_NORM2D_RELU : Primitive.BATCH_NORM2D, y, gOut -> {
            double[] sumG = new double[c], sumGX = new double[c];
            // ∂(relu) first, into a fresh buffer that then becomes ∂x in place (elementwise, same index).
            Tensor g = relu ? Elementwise.maskedByPositive(gOut, y) : gOut;
            Tensor gx = !x.requiresGrad() ? null : relu && g.dtype() == x.dtype() ? g : Tensor.allocOverwritten(x.dtype(), x.shape());
            BatchNormKernels.backward(x.dtype().kernels(), g.dtype().kernels(), g.data(), x.data(), data(gx), n, c, hw,
                    training, data(gamma), mean, invStd, sumG, sumGX);
            return new Tensor[] {gx,
                    gamma == null ? null : Tensor.of(gamma.dtype(), sumGX, c),
                    beta == null ? null : Tensor.of(beta.dtype(), sumG, c)};
        }, x, gamma, beta);
    }

    /**
     * The same op through the device's kernels: the batch statistics stay on the device (mean and biased variance per
     * channel, saved for the backward), the running statistics are updated there. The backward of eval mode is not
     * implemented on a device.
     */
    private static Tensor onDevice(Device dev, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                   boolean training, double momentum, double eps, boolean relu) {
        Backend b = dev.backend();
        int n = x.dim(0), c = x.dim(1), hw = x.dim(2) * x.dim(3);
        Tensor y = Tensor.alloc(dev, x.dtype(), x.shape());
        Tensor mean = Tensor.alloc(dev, x.dtype(), c), var = Tensor.alloc(dev, x.dtype(), c);
        if (training) {
            b.batchNormTrain(n, c, hw, x.deviceArray(), array(gamma), array(beta), (float) eps, relu, y.deviceArray(),
                    mean.deviceArray(), var.deviceArray());
            if (runningMean != null && runningVar != null) {
                b.batchNormRunningUpdate(c, mean.deviceArray(), var.deviceArray(), runningMean.deviceArray(),
                        runningVar.deviceArray(), (float) momentum, n * hw);
            }
        } else {
            b.batchNormEval(n, c, hw, x.deviceArray(), array(gamma), array(beta), runningMean.deviceArray(),
                    runningVar.deviceArray(), (float) eps, relu, y.deviceArray());
        }
        return Autograd.record(relu ? Primitive.BATCH_NORM2D_RELU : Primitive.BATCH_NORM2D, y, g -> {
            if (!training) throw Device.unsupported("batch_norm2d backward in eval mode", dev);
            Tensor gx = Tensor.alloc(dev, x.dtype(), x.shape());
            Tensor dGamma = Tensor.alloc(dev, x.dtype(), c), dBeta = Tensor.alloc(dev, x.dtype(), c);
            b.batchNormBackward(n, c, hw, x.deviceArray(), y.deviceArray(), g.deviceArray(), array(gamma),
                    mean.deviceArray(), var.deviceArray(), (float) eps, relu, gx.deviceArray(), dGamma.deviceArray(),
                    dBeta.deviceArray());
            return new Tensor[] {x.requiresGrad() ? gx : null, gamma == null ? null : dGamma, beta == null ? null : dBeta};
        }, x, gamma, beta);
    }

    private static DeviceArray array(Tensor t) {
        return t == null ? null : t.deviceArray();
    }

    private static Object data(Tensor t) {
        return t == null ? null : t.data();
    }
}
