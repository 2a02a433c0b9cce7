package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.segrad.autodiff.GradCheck;
import org.segrad.autodiff.Tensor;

/**
 * The analytic gradients equal the autodiff ones, and the autodiff ones equal central differences, for every loss
 * under random options, shapes (dims from 1), logit scales (1e-3 … 50) and label maps with absent classes.
 */
class GradientProperties {
    static final double ANALYTIC_TOL = 1e-10;

    @Property(tries = 1000)
    void analyticEqualsAutodiff(@ForAll long seed) {
        LossCase c = LossCase.draw(seed);
        SegLoss loss = c.build();
        LossValue auto = Grads.autodiff(loss, c.z(), c.y());
        LossValue ana = loss.analytic(c.z(), c.y());
        double ve = Grads.relValueError(ana.value(), auto.value());
        double ge = Grads.relError(ana.gradient(), auto.gradient());
        assertTrue(ve <= ANALYTIC_TOL, () -> c + ": value " + ana.value() + " vs " + auto.value());
        assertTrue(ge <= ANALYTIC_TOL, () -> c + ": gradient error " + ge);
    }

    @Property(tries = 200)
    void autodiffEqualsCentralDifferences(@ForAll long seed) {
        LossCase c = LossCase.draw(seed, pickLoss(seed), 3);
        // detach=true puts a stop-gradient on α: its gradient is by design not the derivative of the value.
        if (c.loss().equals("caml")) c.options().put("detach", "false");
        SegLoss loss = c.build();
        Tensor y = c.y();
        GradCheck.Report rep = GradCheck.check(c.toString(), in -> loss.forward(in[0], y), c.z().requiresGrad(true));
        assertTrue(rep.passed(), rep::toString);
    }

    @Property(tries = 150)
    void perPixelGradientsSumToZeroOverClasses(@ForAll long seed) {
        LossCase c = LossCase.draw(seed);
        LossValue v = c.build().analytic(c.z(), c.y());
        int n = c.shape()[0], cls = c.shape()[1], hw = c.shape()[2] * c.shape()[3];
        double scale = 0;
        for (int i = 0; i < v.gradient().numel(); i++) scale = Math.max(scale, Math.abs(v.gradient().get(i)));
        for (int b = 0; b < n; b++)
            for (int s = 0; s < hw; s++) {
                double sum = 0;
                for (int k = 0; k < cls; k++) sum += v.gradient().get((b * cls + k) * hw + s);
                assertEquals(0, sum, 1e-13 * Math.max(scale, 1) * cls, c::toString);
            }
    }

    @Property(tries = 200)
    void everyLossIsNonNegative(@ForAll long seed) {
        LossCase c = LossCase.draw(seed);
        // 2·TP ≤ G + P, so Dice ≤ 1 needs s_nr ≤ s_dr; with s_nr > s_dr a loss can dip below 0 (documented).
        double nr = Double.parseDouble(c.options().getOrDefault("smooth-nr", "0"));
        double dr = Double.parseDouble(c.options().getOrDefault("smooth-dr", "0"));
        Assume.that(nr <= dr);
        SegLoss loss = c.build();
        double composite = loss.forward(c.z(), c.y()).item();
        double analytic = loss.analytic(c.z(), c.y()).value();
        assertTrue(composite >= 0 && analytic >= 0, () -> c + ": " + composite + ", " + analytic);
    }

    static String pickLoss(long seed) {
        java.util.List<String> names = Losses.names();
        return names.get((int) Math.floorMod(seed, (long) names.size()));
    }
}
