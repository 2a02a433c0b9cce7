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
        // Logit scale up to 10: forward mode rounds p − y its own way, and CAML's α ℓ^{α−1} multiplies that rounding
        // by 1/ℓ on confident pixels (ℓ ≈ 1e-16 at scale 50), which no tolerance on the gradient can absorb.
        LossCase c = LossCase.draw(seed, GradientProperties.pickLoss(seed), 3, 10);
        double[] ref = DsReference.evaluate(c);
        LossValue v = c.build().analytic(c.z(), c.y());
        double[] grad = new double[ref.length - 1];
        System.arraycopy(ref, 1, grad, 0, grad.length);
        double ve = Grads.relValueError(v.value(), ref[0]);
        double ge = Grads.relError(v.gradient().toDoubleArray(), grad);
        assertTrue(ve <= 1e-9, () -> c + ": value " + v.value() + " vs forward mode " + ref[0]);
        assertTrue(ge <= 1e-8, () -> c + ": gradient error " + ge + " against forward mode");
    }
}
