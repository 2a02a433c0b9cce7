package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Each named loss, declared in the term algebra ({@link Declarations}), equals today's hand-written class of the same
 * name — value and gradient, float64, ≤ 1e-12 (normwise, {@link Grads}) — on both faces: the declaration's analytic
 * face against the class's analytic gradient, and its composite against the class's composite, over the random-case
 * suite ({@link LossCase}: random options, shapes with dims from 1, logit scales 1e-3 … 50, absent classes, ignored
 * pixels).
 */
class DeclarationProperties {
    static final double TOL = 1e-12;

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
        assertTrue(ga <= TOL, () -> c + ": analytic gradient error " + ga);

        LossValue c0 = Grads.autodiff(today, c.z(), c.y());
        LossValue c1 = Grads.autodiff(declared, c.z(), c.y());
        assertTrue(Grads.relValueError(c1.value(), c0.value()) <= TOL, () -> c + ": composite value " + c1.value() + " vs " + c0.value());
        double gc = Grads.relError(c1.gradient(), c0.gradient());
        assertTrue(gc <= TOL, () -> c + ": composite gradient error " + gc);
    }
}
