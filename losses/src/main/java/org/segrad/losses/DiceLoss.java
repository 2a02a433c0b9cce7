package org.segrad.losses;

import org.segrad.autodiff.Tensor;

/**
 * {@code dice}: soft Dice loss over softmax probabilities (MONAI's DiceLoss with softmax, to_onehot_y).
 *
 * <pre>
 * Dice_uc = (2 Σ_i m_i y_ic p_ic + s_nr) / (Σ_i m_i y_ic + Σ_i m_i p_ic^q + s_dr)     (q = 2 if squared)
 * L_Dice  = 1 − (1/|K|) Σ_{(u,c)∈K} Dice_uc
 * ∂L_Dice/∂p_ic = −m_i (2 y_ic − Dice_uc q p_ic^{q−1}) / (|K| D_uc)   for (u,c) ∈ K, else 0
 * ∂L_Dice/∂z_ic = p_ic (∂L/∂p_ic − Σ_k p_ik ∂L/∂p_ik)                 (softmax Jacobian)
 * </pre>
 * u is the whole batch ({@code reduce=batch}, the paper) or one image ({@code reduce=image}); K the kept
 * (unit, class) pairs: class 0 only with {@code include-background=true}; with {@code empty=skip} (default) a class
 * without target pixels in the unit leaves the mean, and L = 0 if none is left. A zero denominator (p underflowed)
 * gives the limit: Dice = 0 for a class without target pixels, 1 otherwise.
 */
public final class DiceLoss implements SegLoss {
    private final LossOptions options;
    private final SoftOverlap core;

    public DiceLoss(LossOptions options) {
        this.options = options;
        this.core = SoftOverlap.dice(options);
    }

    @Override
    public String name() { return "dice"; }

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

    Tensor composite(Tensor z, LabelMap y) { return core.composite(z, y); }

    Piece piece(Probs pr) { return core.piece(pr); }
}
