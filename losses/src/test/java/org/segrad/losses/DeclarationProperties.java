package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Each named loss, declared in the term algebra ({@link Declarations}), equals today's hand-written class of the same
 * name — value and gradient, float64, ≤ 1e-12 (normwise, {@link Grads}) — on both faces: the declaration's analytic
 * face against the class's analytic gradient, and its composite against the class's composite, over the random-case
 * suite ({@link LossCase}: random options, shapes with dims from 1, logit scales 1e-3 … 50, absent classes, ignored
 * pixels). A gradient whose every component is below {@link Grads#FLOOR} (all pixels confidently right: w·(p − y)
 * with p within 1e-5 of y) carries the absolute rounding of p, a few ulps of 1; there the gradients must agree to
 * {@link #ABS} absolutely (seed 1192453863859036708 of the focal property: 3.6e-17 apart at a scale of 2e-7).
 */
class DeclarationProperties {
    static final double TOL = 1e-12;
    /** A few ulps of 1 (2.2e-16 each). */
    static final double ABS = 1e-15;

    @Property(tries = 1500)
    void declarationEqualsTodaysClass(@ForAll long seed) {
        assertSame(LossCase.draw(seed));
    }

    /** CAML has the most readings (confidence × granularity × detach × alpha): a property of its own. */
    @Property(tries = 1000)
    void camlDeclarationEqualsCamlLoss(@ForAll long seed) {
        assertSame(LossCase.draw(seed, "caml", 4));
    }

    @Property(tries = 500)
    void focalDeclarationEqualsFocalLoss(@ForAll long seed) {
        assertSame(LossCase.draw(seed, "focal", 4));
    }

    private static void assertSame(LossCase c) {
        SegLoss today = c.build();
        SegLoss declared = new ExpressionLoss(c.loss(), Declarations.of(c.loss(), c.options()));

        LossValue a0 = today.analytic(c.z(), c.y());
        LossValue a1 = declared.analytic(c.z(), c.y());
        assertTrue(Grads.relValueError(a1.value(), a0.value()) <= TOL, () -> c + ": analytic value " + a1.value() + " vs " + a0.value());
        double ga = Grads.relError(a1.gradient(), a0.gradient());
        assertTrue(ga <= TOL || maxAbsDiff(a1, a0) <= ABS, () -> c + ": analytic gradient error " + ga);

        LossValue c0 = Grads.autodiff(today, c.z(), c.y());
        LossValue c1 = Grads.autodiff(declared, c.z(), c.y());
        assertTrue(Grads.relValueError(c1.value(), c0.value()) <= TOL, () -> c + ": composite value " + c1.value() + " vs " + c0.value());
        double gc = Grads.relError(c1.gradient(), c0.gradient());
        assertTrue(gc <= TOL || maxAbsDiff(c1, c0) <= ABS, () -> c + ": composite gradient error " + gc);
    }

    private static double maxAbsDiff(LossValue a, LossValue b) {
        double[] x = a.gradient().toDoubleArray(), y = b.gradient().toDoubleArray();
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }
}
