package org.segrad.losses;

import org.segrad.autodiff.Tensor;

/**
 * A differentiable quantity of the logits z and the labels: a scalar (a loss, a batch statistic) or one value per
 * pixel ({@code pt}). Every term has the two faces segrad keeps for every loss, each rule written once per face:
 * <ul>
 * <li>the <b>composite</b>: recorded autodiff ops, a 0-dimensional tensor or one of the labels' shape [N, d1, …];</li>
 * <li>the <b>analytic</b> face: the value in float64 and its vector–Jacobian product into ∂/∂z, without the tape.</li>
 * </ul>
 * Build terms with {@link Terms} (base terms and combinators) or {@link LossExpressions#parse}; wrap a scalar term
 * into a {@link SegLoss} with {@link ExpressionLoss}.
 */
public abstract class Term {
    Term() {}

    /** True for one value per pixel, false for a scalar. */
    public abstract boolean perPixel();

    /** The term in the expression language (options spelled out where they differ from the defaults). */
    @Override
    public abstract String toString();

    /** The composite face (called once per context; use {@link TermContext#composite} to reach sub-terms). */
    abstract Tensor buildComposite(TermContext c);

    /** The analytic face (called once per context; use {@link TermContext#analytic} to reach sub-terms). */
    abstract Node buildAnalytic(TermContext c);

    /** The term this one stands for when it only renames another ({@code pbar} is {@code mean(pt)}). */
    Term unwrap() {
        return this;
    }

    /** The composite face on one batch: a scalar tensor, or a per-pixel tensor of the labels' shape. */
    public Tensor composite(Tensor logits, Tensor labels) {
        return new TermContext(logits, labels).composite(this);
    }

    /** The analytic value of a scalar term and its gradient ∂/∂z (FLOAT64, the logits' shape). */
    public LossValue analytic(Tensor logits, Tensor labels) {
        if (perPixel()) throw new IllegalArgumentException("'" + this + "' is per pixel; a loss must be a scalar (wrap it in mean(...))");
        TermContext c = new TermContext(logits, labels);
        Node n = c.analytic(this);
        double[] gz = new double[logits.numel()];
        n.backward(new double[] {1}, gz);
        return new LossValue(n.v[0], Tensor.fromArray(gz, logits.shape()));
    }
}
