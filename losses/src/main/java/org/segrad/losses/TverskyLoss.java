package org.segrad.losses;

import org.segrad.autodiff.Tensor;

/**
 * {@code tversky}: soft Tversky loss, with soft counts TP = Σ m p y, FP = Σ m p (1 − y), FN = Σ m (1 − p) y.
 *
 * <pre>
 * T_uc = (TP + s_nr) / (TP + α FP + β FN + s_dr)
 * L    = 1 − (1/|K|) Σ_{(u,c)∈K} T_uc
 * ∂L/∂p_ic = −m_i (y_ic − T_uc ((1 − α − β) y_ic + α)) / (|K| D_uc)   for (u,c) ∈ K, then the softmax Jacobian
 * </pre>
 * α = β = 0.5 gives Dice (for s_nr = s_dr = 0). Reduction unit, kept classes and the empty policy as {@link DiceLoss}.
 */
public final class TverskyLoss implements SegLoss {
    private final LossOptions options;
    private final SoftOverlap core;

    public TverskyLoss(LossOptions options) {
        this.options = options;
        this.core = SoftOverlap.tversky(options);
    }

    @Override
    public String name() { return "tversky"; }

    @Override
    public LossOptions options() { return options; }

    @Override
    public Tensor forward(Tensor logits, Tensor labels) {
        return core.composite(logits, LabelMap.of(logits, labels, options.ignoreIndex));
    }

    @Override
    public LossValue analytic(Tensor logits, Tensor labels) {
        LabelMap y = LabelMap.of(logits, labels, options.ignoreIndex);
        return core.piece(new Probs(logits, y)).toLossValue(logits.shape());
    }
}
