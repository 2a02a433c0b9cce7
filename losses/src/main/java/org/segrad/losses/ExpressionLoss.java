package org.segrad.losses;

import org.segrad.autodiff.Tensor;

/**
 * A loss given as a scalar {@link Term}: {@link #forward} is the term's composite face (autodiff), {@link #analytic}
 * its analytic face, {@link #fused} the analytic face as one recorded op. {@link #name()} is the expression.
 */
public final class ExpressionLoss implements SegLoss {
    private final String text;
    private final Term term;

    /** {@code text} names the loss (the expression as typed); {@code term} must be a scalar. */
    public ExpressionLoss(String text, Term term) {
        if (term.perPixel()) {
            throw new IllegalArgumentException("loss '" + text + "' is per pixel; a loss must be a scalar (average it with mean(...))");
        }
        this.text = text;
        this.term = term;
    }

    /** The term this loss evaluates. */
    public Term term() {
        return term;
    }

    @Override
    public String name() {
        return text;
    }

    /** Null: an expression's options live in its terms (see {@link #term()}). */
    @Override
    public LossOptions options() {
        return null;
    }

    @Override
    public Tensor forward(Tensor logits, Tensor labels) {
        Tensor out = term.composite(logits, labels);
        // A constant or fully detached expression still reaches the logits (with gradient 0), as every loss does.
        return out.isLeaf() && logits.requiresGrad() ? out.add(Piece.zeroLike(logits)) : out;
    }

    @Override
    public LossValue analytic(Tensor logits, Tensor labels) {
        return term.analytic(logits, labels);
    }

    @Override
    public String toString() {
        return text;
    }
}
