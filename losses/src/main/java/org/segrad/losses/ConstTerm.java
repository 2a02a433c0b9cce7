package org.segrad.losses;

import org.segrad.autodiff.Tensor;

/** A number: y = c; ∂z = 0. */
final class ConstTerm extends Term {
    final double value;

    ConstTerm(double value) {
        this.value = value;
    }

    @Override
    public boolean perPixel() {
        return false;
    }

    @Override
    Tensor buildComposite(TermContext c) {
        return Tensor.scalar(value, c.z.dtype());
    }

    @Override
    Node buildAnalytic(TermContext c) {
        return Node.constant(new double[] {value}, false);
    }

    /** True for a constant integer (exponents that need no positive base). */
    boolean isInteger() {
        return value == Math.rint(value) && Math.abs(value) <= 1 << 20;
    }

    @Override
    public String toString() {
        return isInteger() ? Long.toString((long) value) : Double.toString(value);
    }
}
