package org.segrad.losses;

import org.segrad.autodiff.Tensor;

/**
 * {@code ce+dice}: the additive baseline L = L_CE + λ L_Dice, with ∂L = ∂L_CE + λ ∂L_Dice. Takes every option of
 * {@link CrossEntropyLoss} and {@link OverlapLoss}, and {@code lambda} (default 1).
 */
public final class CeDiceLoss implements SegLoss {
    private final LossOptions options;
    private final CrossEntropyLoss ce;
    private final SoftOverlap dice;

    public CeDiceLoss(LossOptions options) {
        this.options = options;
        this.ce = new CrossEntropyLoss(options);
        this.dice = SoftOverlap.dice(options.overlap);
    }

    @Override
    public String name() { return "ce+dice"; }

    @Override
    public LossOptions options() { return options; }

    @Override
    public Tensor forward(Tensor logits, Tensor labels) {
        LabelMap y = ce.labels(logits, labels);
        return ce.composite(logits, y).add(dice.composite(logits, y).mul(options.lambda));
    }

    @Override
    public LossValue analytic(Tensor logits, Tensor labels) {
        Probs pr = new Probs(logits, ce.labels(logits, labels));
        return ce.piece(pr).combine(1, dice.piece(pr), options.lambda).toLossValue(logits.shape());
    }
}
