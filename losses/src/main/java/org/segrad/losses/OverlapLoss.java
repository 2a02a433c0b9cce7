package org.segrad.losses;

import org.segrad.autodiff.Tensor;

/**
 * {@code dice} and {@code tversky}: one soft-overlap loss ({@link SoftOverlap}) in its two parameterisations, over
 * softmax probabilities (MONAI's DiceLoss / TverskyLoss with softmax, to_onehot_y).
 *
 * <pre>
 * Dice_uc = (2 TP + s_nr) / (G + P + s_dr)              TP = Σ_i m_i y_ic p_ic, G = Σ_i m_i y_ic, P = Σ_i m_i p_ic^q
 * T_uc    = (TP + s_nr) / (TP + α FP + β FN + s_dr)     FP = P − TP, FN = G − TP (q = 1)
 * L       = 1 − (1/|K|) Σ_{(u,c)∈K} R_uc
 * ∂L/∂p_ic = −m_i (2 y_ic − Dice_uc q p_ic^{q−1}) / (|K| D_uc)            (Dice)
 * ∂L/∂p_ic = −m_i (y_ic − T_uc ((1 − α − β) y_ic + α)) / (|K| D_uc)       (Tversky), then the softmax Jacobian
 * </pre>
 * u is the whole batch ({@code reduce=batch}, the paper) or one image ({@code reduce=image}); K the kept
 * (unit, class) pairs: class 0 only with {@code include-background=true}; with {@code empty=skip} (default) a class
 * without target pixels in the unit leaves the mean, and L = 0 if none is left. A zero denominator (p underflowed)
 * gives the limit: R = 0 for a class without target pixels, 1 otherwise. α = β = ½ is Dice (s_nr = s_dr = 0).
 */
public final class OverlapLoss implements SegLoss {
    private final LossOptions options;
    private final SoftOverlap core;

    /** The loss of {@code options.loss()}: dice or tversky. */
    public OverlapLoss(LossOptions options) {
        this.options = options;
        this.core = switch (options.loss()) {
            case "dice" -> SoftOverlap.dice(options.overlap);
            case "tversky" -> SoftOverlap.tversky(options.overlap);
            default -> throw new IllegalArgumentException("OverlapLoss is dice or tversky, not " + options.loss());
        };
    }

    @Override
    public String name() { return options.loss(); }

    @Override
    public LossOptions options() { return options; }

    @Override
    public Tensor forward(Tensor logits, Tensor labels) {
        return core.composite(logits, LabelMap.of(logits, labels, options.overlap.ignoreIndex()));
    }

    @Override
    public LossValue analytic(Tensor logits, Tensor labels) {
        LabelMap y = LabelMap.of(logits, labels, options.overlap.ignoreIndex());
        return core.piece(new Probs(logits, y)).toLossValue(logits.shape());
    }
}
