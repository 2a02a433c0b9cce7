package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The analytic path equals an independent forward-mode implementation on commons-math3 DerivativeStructure
 * ({@link DsReference}), value and gradient, for every loss and random options on small inputs (≤ 3×4×3×3).
 */
class OracleProperties {

    @Property(tries = 300)
    void analyticEqualsForwardMode(@ForAll long seed) {
        LossCase c = oracleCase(seed);
        double[] ref = DsReference.evaluate(c);
        LossValue v = c.build().analytic(c.z(), c.y());
        double[] grad = new double[ref.length - 1];
        System.arraycopy(ref, 1, grad, 0, grad.length);
        double ve = Grads.relValueError(v.value(), ref[0]);
        double ge = Grads.relError(v.gradient().toDoubleArray(), grad);
        assertTrue(ve <= 1e-9, () -> c + ": value " + v.value() + " vs forward mode " + ref[0]);
        assertTrue(ge <= 1e-8, () -> c + ": gradient error " + ge + " against forward mode");
    }

    /**
     * Logit scale up to 10 (CAML: 3): forward mode rounds p − y its own way, and CAML's α ℓ^{α−1} multiplies that
     * rounding by up to 1/ℓ on confident pixels (ℓ ≈ 1e-17 at scale 8), which no tolerance on the gradient absorbs.
     */
    static LossCase oracleCase(long seed) {
        String name = GradientProperties.pickLoss(seed);
        return LossCase.draw(seed, name, 3, name.equals("caml") ? 3 : 10);
    }
}
