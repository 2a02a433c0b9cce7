package org.segrad.opencl;

import static org.segrad.opencl.KernelSource.LOCAL_64;
import static org.segrad.opencl.KernelSource.SEGRAD;
import static org.segrad.opencl.KernelSource.items;
import static org.segrad.opencl.KernelSource.need;

/**
 * Batch norm (+ fused ReLU), softmax over channels and the fused mean cross-entropy on an OpenCL device, float32,
 * NCHW with {@code hw = H·W}; formulas as {@code BatchNormKernels} and the autodiff ops. gamma and beta are required
 * (an affine-free batch norm passes ones and zeros).
 * <pre>
 * bnForwardTrain:  mean, var (biased) per channel; y = γ(x − mean)/√(var + eps) + β, then max(·, 0) when relu
 * bnForwardEval:   the same with running statistics
 * bnBackwardTrain: g = relu ? (y > 0 ? dy : 0) : dy;  dβ = Σg, dγ = Σg·x̂, dx = γ·s·(g − dβ/M − x̂·dγ/M)
 * softmax:         p[b,:,i] = exp(z − max)/Σ exp(z − max) over channels
 * crossEntropy:    L = (1/P) Σ_pixels (logsumexp(z) − z[label]),  dz = (softmax(z) − onehot(label))/P,  P = n·hw
 * </pre>
 */
public final class ClNormalization {
    private ClNormalization() {}

    /** Writes y, mean[c], var[c]. One work group of 64 per channel. */
    public static void bnForwardTrain(ClContext ctx, int n, int c, int hw, ClBuffer x, ClBuffer gamma, ClBuffer beta,
                                      float eps, boolean relu, ClBuffer y, ClBuffer mean, ClBuffer var) {
        long len = (long) n * c * hw;
        need("batch-norm forward", "x", ctx, x, len);
        need("batch-norm forward", "y", ctx, y, len);
        for (ClBuffer b : new ClBuffer[] {gamma, beta, mean, var}) need("batch-norm forward", "per-channel", ctx, b, c);
        ctx.launch(SEGRAD, "bn_forward_train", items((long) c * KernelSource.REDUCE_GROUP), LOCAL_64, n, c, hw, x, gamma,
                beta, eps, relu ? 1 : 0, y, mean, var);
    }

    /** Inference forward with running statistics; writes y. */
    public static void bnForwardEval(ClContext ctx, int n, int c, int hw, ClBuffer x, ClBuffer gamma, ClBuffer beta,
                                     ClBuffer runningMean, ClBuffer runningVar, float eps, boolean relu, ClBuffer y) {
        long len = (long) n * c * hw;
        need("batch-norm eval", "x", ctx, x, len);
        need("batch-norm eval", "y", ctx, y, len);
        for (ClBuffer b : new ClBuffer[] {gamma, beta, runningMean, runningVar}) need("batch-norm eval", "per-channel", ctx, b, c);
        ctx.launch(SEGRAD, "bn_forward_eval", items(len), LOCAL_64, (int) len, c, hw, x, gamma, beta, runningMean,
                runningVar, eps, relu ? 1 : 0, y);
    }

    /** Writes dx, dgamma[c], dbeta[c]; {@code y} is the forward's output (read only when relu). */
    public static void bnBackwardTrain(ClContext ctx, int n, int c, int hw, ClBuffer x, ClBuffer y, ClBuffer dy,
                                       ClBuffer gamma, ClBuffer mean, ClBuffer var, float eps, boolean relu,
                                       ClBuffer dx, ClBuffer dgamma, ClBuffer dbeta) {
        long len = (long) n * c * hw;
        for (ClBuffer b : new ClBuffer[] {x, y, dy, dx}) need("batch-norm backward", "NCHW", ctx, b, len);
        for (ClBuffer b : new ClBuffer[] {gamma, mean, var, dgamma, dbeta}) need("batch-norm backward", "per-channel", ctx, b, c);
        ctx.launch(SEGRAD, "bn_backward_train", items((long) c * KernelSource.REDUCE_GROUP), LOCAL_64, n, c, hw, x, y, dy,
                gamma, mean, var, eps, relu ? 1 : 0, dx, dgamma, dbeta);
    }

    /** Softmax over the channels of {@code z[n][c][hw]}; writes p. */
    public static void softmaxChannels(ClContext ctx, int n, int c, int hw, ClBuffer z, ClBuffer p) {
        long len = (long) n * c * hw;
        need("softmax", "z", ctx, z, len);
        need("softmax", "p", ctx, p, len);
        ctx.launch(SEGRAD, "softmax_channels", items((long) n * hw), LOCAL_64, n, c, hw, z, p);
    }

    /**
     * Mean cross-entropy of logits {@code z[n][c][hw]} against int class ids {@code labels[n][hw]} (each in [0, c)):
     * writes the gradient {@code dz} and returns the loss value (read back: one float). A label outside [0, c) makes
     * the value and that pixel's gradient NaN (labels live on the device and are not checked on the host).
     */
    public static float crossEntropy(ClContext ctx, int n, int c, int hw, ClBuffer z, ClBuffer labels, ClBuffer dz) {
        long len = (long) n * c * hw, pixels = (long) n * hw;
        need("cross-entropy", "z", ctx, z, len);
        need("cross-entropy", "dz", ctx, dz, len);
        need("cross-entropy", "labels", ctx, labels, pixels);
        try (BufferScope s = ctx.scope()) {
            ClBuffer loss = s.floats(pixels);
            ctx.launch(SEGRAD, "cross_entropy", items(pixels), LOCAL_64, n, c, hw, z, labels, loss, dz);
            return ClPointwise.sum(ctx, (int) pixels, loss) / pixels;
        }
    }
}
