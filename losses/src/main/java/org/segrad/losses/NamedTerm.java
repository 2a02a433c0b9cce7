package org.segrad.losses;

import org.segrad.autodiff.Tensor;

/**
 * A name for another term ({@code pbar} = mean(pt), {@code dicecoef} = 1 − dice): the same faces, printed as the
 * name. y = body; ∂z = ∂body.
 */
final class NamedTerm extends Term {
    private final String name;
    private final Term body;

    NamedTerm(String name, Term body) {
        this.name = name;
        this.body = body;
    }

    @Override
    public boolean perPixel() {
        return body.perPixel();
    }

    @Override
    Tensor buildComposite(TermContext c) {
        return c.composite(body);
    }

    @Override
    Node buildAnalytic(TermContext c) {
        return c.analytic(body);
    }

    @Override
    Term unwrap() {
        return body.unwrap();
    }

    @Override
    public String toString() {
        return name;
    }
}
