package org.segrad.nn;

import org.segrad.autodiff.BatchNorm;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;

/**
 * Batch normalisation over channels (torch.nn.BatchNorm2d with affine = true, track_running_stats = true).
 *
 * <pre>
 * training: y = γ·(x − μ_B)/√(σ²_B + ε) + β with the batch mean and biased variance over (N, H, W);
 *           running_mean ← (1 − m)·running_mean + m·μ_B, running_var ← (1 − m)·running_var + m·σ²_B·M/(M − 1),
 *           num_batches_tracked ← num_batches_tracked + 1
 * eval:     y = γ·(x − running_mean)/√(running_var + ε) + β
 * </pre>
 * Defaults m = 0.1, ε = 1e-5. State: parameters {@code weight} (γ, init 1) and {@code bias} (β, init 0); buffers
 * {@code running_mean} (0), {@code running_var} (1), {@code num_batches_tracked} (integer, 0).
 */
public class BatchNorm2d extends Module {
    private final int channels;
    private final double eps, momentum;
    private final Parameter weight, bias;
    private final Buffer runningMean, runningVar, numBatchesTracked;

    public BatchNorm2d(int channels) {
        this(channels, 1e-5, 0.1);
    }

    public BatchNorm2d(int channels, double eps, double momentum) {
        Layers.positive("BatchNorm2d", "channels", channels);
        if (!(eps > 0)) throw new IllegalArgumentException("BatchNorm2d: eps must be > 0, got " + eps);
        if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException("BatchNorm2d: momentum must be in [0, 1], got " + momentum);
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        weight = registerParameter("weight", new Parameter(Tensor.ones(DType.FLOAT32, channels)));
        bias = registerParameter("bias", new Parameter(Tensor.zeros(DType.FLOAT32, channels)));
        runningMean = registerBuffer("running_mean", new Buffer(Tensor.zeros(DType.FLOAT32, channels), false));
        runningVar = registerBuffer("running_var", new Buffer(Tensor.ones(DType.FLOAT32, channels), false));
        numBatchesTracked = registerBuffer("num_batches_tracked", new Buffer(Tensor.zeros(DType.FLOAT64), true));
    }

    @Override
    public Tensor forward(Tensor x) {
        Layers.checkInput("BatchNorm2d", x, channels, weight);
        if (isTraining()) numBatchesTracked.data().set(0, numBatchesTracked.data().get(0) + 1);
        return BatchNorm.batchNorm2d(x, weight.data(), bias.data(), runningMean.data(), runningVar.data(), isTraining(), momentum, eps);
    }

    /**
     * relu(forward(x)) as one fused op ({@link BatchNorm#batchNorm2dRelu}): the same values, gradients and state
     * updates as {@code forward} followed by {@link ReLU}, without the intermediate activation. {@link ConvBlock}
     * calls it.
     */
    public Tensor forwardRelu(Tensor x) {
        Layers.checkInput("BatchNorm2d", x, channels, weight);
        if (isTraining()) numBatchesTracked.data().set(0, numBatchesTracked.data().get(0) + 1);
        return BatchNorm.batchNorm2dRelu(x, weight.data(), bias.data(), runningMean.data(), runningVar.data(), isTraining(), momentum, eps);
    }

    public Parameter weight() { return weight; }

    public Parameter bias() { return bias; }

    public Tensor runningMean() { return runningMean.data(); }

    public Tensor runningVar() { return runningVar.data(); }

    public long numBatchesTracked() { return (long) numBatchesTracked.data().get(0); }

    @Override
    protected String describe() {
        return "BatchNorm2d(" + channels + ", eps=" + eps + ", momentum=" + momentum + ")";
    }
}
