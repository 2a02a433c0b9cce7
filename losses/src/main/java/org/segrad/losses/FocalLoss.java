package org.segrad.losses;

import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.ClassMapKernels;

/**
 * {@code focal}: the multi-class focal loss (Lin et al. 2017) over softmax probabilities.
 *
 * <pre>
 * ℓ_i = −log p_t(i),   o_i = Σ_{c≠y_i} p_ic = 1 − p_t(i),   õ_i = max(o_i, ε)     (ε = 1e-30)
 * L   = (1/M) Σ_i α_{y_i} õ_i^γ ℓ_i                    (M = pixels not ignored)
 * ∂L/∂z_ij = (α_{y_i}/M) [ õ_i^γ (p_ij − y_ij) + γ õ_i^{γ−1} ℓ_i [o_i ≥ ε] p_ij ((1 − y_ij) − o_i) ]
 * </pre>
 * o_i is summed over the other classes so that it stays accurate when p_t → 1; the floor ε only keeps γ &lt; 1 and
 * p_t = 1 (extreme logits) away from 0·∞. γ = 0 with α = 1 is cross-entropy. Options: {@code gamma} (default 2),
 * {@code alpha} (one value, or one per class; default 1), {@code ignore-index}.
 */
public final class FocalLoss implements SegLoss {
    /** ε: representable in float32 (a normal float), so that the float32 composite clamps at the same place. */
    static final double FLOOR = 1e-30;
    private final LossOptions options;
    private final FocalOptions focal;

    public FocalLoss(LossOptions options) {
        this(options, options.focal);
    }

    /** The term alone, with its own options ({@code options()} is then null). */
    FocalLoss(LossOptions options, FocalOptions focal) {
        this.options = options;
        this.focal = focal;
    }

    @Override
    public String name() { return "focal"; }

    @Override
    public LossOptions options() { return options; }

    private LabelMap labels(Tensor logits, Tensor labels) {
        LabelMap y = LabelMap.of(logits, labels, focal.ignoreIndex());
        LossOptions.checkClassList("alpha", focal.alpha(), y.classes);
        return y;
    }

    @Override
    public Tensor forward(Tensor z, Tensor labels) {
        LabelMap y = labels(z, labels);
        if (y.kept == 0) return Piece.zeroLike(z);
        DType dt = z.dtype();
        Tensor yh = y.oneHot(dt, null);
        Tensor ell = z.logSoftmax(1).mul(yh).sum(new int[] {1}, false).neg();
        Tensor other = z.softmax(1).mul(Tensor.ones(dt).sub(yh)).sum(new int[] {1}, false);
        Tensor term = focal.gamma() == 0 ? ell : other.clamp(FLOOR, Double.MAX_VALUE).pow(focal.gamma()).mul(ell);
        return term.mul(y.pixelWeights(dt, focal.alpha())).sum().div(y.kept);
    }

    @Override
    public LossValue analytic(Tensor z, Tensor labels) {
        return piece(new Probs(z, labels(z, labels))).toLossValue(z.shape());
    }

    /** The value and ∂L/∂z (checks the per-class alpha list against the class count). */
    Piece piece(Probs pr) {
        LabelMap y = pr.y;
        LossOptions.checkClassList("alpha", focal.alpha(), y.classes);
        double[] g = new double[pr.p.length];
        if (y.kept == 0) return new Piece(0, g);
        double s = ClassMapKernels.focal(y.ids, y.classes, y.hw, pr.p, pr.logp, focal.alpha(), y.kept, focal.gamma(), FLOOR, g);
        return new Piece(s / y.kept, g);
    }
}
