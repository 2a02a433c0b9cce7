package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Property(tries = 300)
    void autodiffEqualsCentralDifferences(@ForAll long seed) {
        LossCase c = fdCase(seed);
        SegLoss loss = c.build();
        Tensor y = c.y();
        GradCheck.Report rep = GradCheck.check(c.toString(), in -> loss.forward(in[0], y), c.z().requiresGrad(true));
        assertTrue(rep.passed(), rep::toString);
    }

    @Property(tries = 300)
    void perPixelGradientsSumToZeroOverClasses(@ForAll long seed) {
        LossCase c = LossCase.drawResolved(seed);
        LossValue v = c.build().analytic(c.z(), c.y());
        int n = c.shape()[0], cls = c.shape()[1], hw = c.shape()[2] * c.shape()[3];
        double scale = 0;
        for (int i = 0; i < v.gradient().numel(); i++) scale = Math.max(scale, Math.abs(v.gradient().get(i)));
        for (int b = 0; b < n; b++)
            for (int s = 0; s < hw; s++) {
                double sum = 0;
                for (int k = 0; k < cls; k++) sum += v.gradient().get((b * cls + k) * hw + s);
                // Exact in arithmetic; in floating point Σ_c p_c = 1 only to a few ulps.
                assertEquals(0, sum, 1e-10 * Math.max(scale, 1) * cls, c::toString);
            }
    }

    @Property(tries = 300)
    void everyLossIsNonNegative(@ForAll long seed) {
        LossCase c = LossCase.draw(seed); // draws s_nr ≤ s_dr: 2·TP ≤ G + P then bounds every ratio by 1
        SegLoss loss = c.build();
        double composite = loss.forward(c.z(), c.y()).item();
        double analytic = loss.analytic(c.z(), c.y()).value();
        // 1 − R with R = 1 up to rounding can come out as −2.2e-16.
        assertTrue(composite >= -1e-15 && analytic >= -1e-15, () -> c + ": " + composite + ", " + analytic);
    }

    /**
     * A case that central differences can resolve: CAML with detach=false (detach=true puts a stop-gradient on α, so
     * its gradient is by design not the derivative of the value). For CAML with granularity=pixel the logit scale stays ≤ 2: log-softmax
     * resolves ℓ_i = −log p_t only to ~1e-16 absolute, so where ℓ_i &lt; 1e-10 the term ℓ_i^{α_i} is quantised in z
     * and a step of 1e-6 measures the quantisation, not the slope (docs/losses.md, "Numerics").
     */
    static LossCase fdCase(long seed) {
        String name = pickLoss(seed);
        LossCase c = LossCase.draw(seed, name, 3);
        if (name.equals("caml")) {
            c.options().put("detach", "false");
            if ("pixel".equals(c.options().get("granularity"))) {
                c = LossCase.withData(new java.util.Random(seed), name, c.options(), c.shape(), 1e-3 + 2 * new java.util.Random(seed).nextDouble());
            }
        }
        return c;
    }

    static String pickLoss(long seed) {
        java.util.List<String> names = Losses.names();
        return names.get((int) Math.floorMod(seed, (long) names.size()));
    }
}
