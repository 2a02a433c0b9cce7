package org.segrad.losses;

import org.segrad.autodiff.Tensor;
import org.segrad.kernels.ExpressionKernels;

/**
 * {@code ml}: the Multiplicative Loss of Yokoi &amp; Hotta 2025, L_ML = L_Dice · L_CE.
 *
 * <pre>
 * ∂L_ML/∂z = L_Dice ∂L_CE/∂z + L_CE ∂L_Dice/∂z      (product rule)
 * </pre>
 * The CE factor takes {@code weights} and {@code ignore-index}; the Dice factor every Dice option. When the Dice
 * factor is small (good overlap), the CE gradient is scaled down; when CE is small, the Dice gradient is.
 */
public final class MultiplicativeLoss implements SegLoss {
    private final LossOptions options;
    private final CrossEntropyLoss ce;
    private final SoftOverlap dice;

    public MultiplicativeLoss(LossOptions options) {
        this.options = options;
        this.ce = new CrossEntropyLoss(options);
        this.dice = SoftOverlap.dice(options.overlap);
    }

    @Override
    public String name() { return "ml"; }

    @Override
    public LossOptions options() { return options; }

    @Override
    public Tensor forward(Tensor logits, Tensor labels) {
        LabelMap y = ce.labels(logits, labels);
        return dice.composite(logits, y).mul(ce.composite(logits, y));
    }

    @Override
    public LossValue analytic(Tensor logits, Tensor labels) {
        Probs pr = new Probs(logits, ce.labels(logits, labels));
        Piece c = ce.piece(pr), d = dice.piece(pr);
        double[] g = new double[c.grad().length];
        ce.addGradient(pr, d.value(), g);
        ExpressionKernels.addScaled(g, c.value(), d.grad());
        return new Piece(d.value() * c.value(), g).toLossValue(logits.shape());
    }
}
