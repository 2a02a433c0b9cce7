package org.segrad.losses;

import org.segrad.autodiff.Softmax;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.ClassMapKernels;
import org.segrad.kernels.CrossEntropyKernels;

/**
 * {@code ce}: softmax cross-entropy, PyTorch's weighted mean over the pixels that are not ignored.
 *
 * <pre>
 * L_CE = −Σ_i m_i w_{y_i} log p_{i,y_i} / Σ_i m_i w_{y_i}
 * ∂L_CE/∂z_ic = m_i w_{y_i} (p_ic − y_ic) / Σ_j m_j w_{y_j}
 * </pre>
 * with m_i = 0 on ignored pixels, w_c the class weights (1 by default). Without weights and ignore index this is
 * −(1/M) Σ_i log p_t(i) with gradient (p − y)/M. When every pixel is ignored the loss is 0 (PyTorch gives NaN).
 */
public final class CrossEntropyLoss implements SegLoss {
    private final LossOptions options;
    private final CeOptions ce;

    public CrossEntropyLoss(LossOptions options) {
        this(options, options.ce);
    }

    /** The term alone, with its own options ({@code options()} is then null). */
    CrossEntropyLoss(LossOptions options, CeOptions ce) {
        this.options = options;
        this.ce = ce;
    }

    @Override
    public String name() { return "ce"; }

    @Override
    public LossOptions options() { return options; }

    @Override
    public Tensor forward(Tensor logits, Tensor labels) {
        return composite(logits, labels(logits, labels));
    }

    @Override
    public LossValue analytic(Tensor logits, Tensor labels) {
        LabelMap y = labels(logits, labels);
        return piece(new Probs(logits, y)).toLossValue(logits.shape());
    }

    /**
     * The same value and gradient bits as the default (analytic, then cast), in one pass that writes the gradient in the
     * logits' dtype ({@link CrossEntropyKernels}); it was the unet-small step's slowest non-convolution op after the
     * batch norms (n·C doubles of probabilities, log-probabilities and gradient, then a cast).
     *
     * <p>On a device: {@link Softmax#crossEntropy}, one fused kernel whose value and gradient stay on the device (no
     * class weights or ignore index there yet).
     */
    @Override
    public Tensor fused(Tensor logits, Tensor labels) {
        if (!logits.device().isCpu()) return onDevice(logits, labels);
        LabelMap y = labels(logits, labels);
        double total = y.totalWeight(ce.weights());
        if (total == 0) return SegLoss.super.fused(logits, labels);
        Tensor grad = Tensor.zeros(logits.dtype(), logits.shape());
        double[] logpTrue = new double[y.pixels()];
        CrossEntropyKernels.valueAndGradient(logits.data(), y.ids, y.n, y.classes, y.hw, ce.weights(), -(1 / total),
                grad.data(), logpTrue);
        double value = -ClassMapKernels.weightedPixelSum(y.ids, ce.weights(), logpTrue) / total;
        return SegLoss.recordFused(name(), logits, labels, value, grad);
    }

    private Tensor onDevice(Tensor logits, Tensor labels) {
        if (ce.weights() != null || ce.ignoreIndex() != LossOptions.NO_IGNORE) {
            throw new UnsupportedOperationException("loss ce with class weights or an ignore index is not implemented on "
                    + logits.device() + "; use the CPU");
        }
        return Softmax.crossEntropy(logits, labels);
    }

    LabelMap labels(Tensor logits, Tensor labels) {
        LabelMap y = LabelMap.of(logits, labels, ce.ignoreIndex());
        LossOptions.checkClassList("weights", ce.weights(), y.classes);
        return y;
    }

    Tensor composite(Tensor z, LabelMap y) {
        double total = y.totalWeight(ce.weights());
        if (total == 0) return Piece.zeroLike(z);
        Tensor wy = y.oneHot(z.dtype(), ce.weights());
        return z.logSoftmax(1).mul(wy).sum().neg().div(total);
    }

    /** The value and ∂L_CE/∂z. */
    Piece piece(Probs pr) {
        LabelMap y = pr.y;
        double total = y.totalWeight(ce.weights());
        double[] g = new double[pr.p.length];
        if (total == 0) return new Piece(0, g);
        addGradient(pr, 1, g);
        return new Piece(value(pr), g);
    }

    /** L_CE alone (0 when every pixel is ignored). */
    double value(Probs pr) {
        LabelMap y = pr.y;
        double total = y.totalWeight(ce.weights());
        if (total == 0) return 0;
        return -ClassMapKernels.weightedGatherSum(y.ids, y.classes, y.hw, pr.logp, ce.weights()) / total;
    }

    /**
     * g += upstream · ∂L_CE/∂z = upstream · m_i w_{y_i} (p − y) / W, evaluated as the composite's backward does
     * (m·y_j − p_j·m with m = −(upstream/W)·w_{y_i}): a caller that multiplies this gradient by a large
     * factor (CAML's α ℓ^{α−1}) then sees the same rounding of p − y on both paths.
     */
    void addGradient(Probs pr, double upstream, double[] g) {
        LabelMap y = pr.y;
        double total = y.totalWeight(ce.weights());
        if (total == 0) return;
        ClassMapKernels.addCrossEntropyGradient(y.ids, y.classes, y.hw, pr.p, ce.weights(), -(upstream / total), g);
    }
}
