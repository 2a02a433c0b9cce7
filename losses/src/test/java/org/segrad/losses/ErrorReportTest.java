package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.GradCheck;
import org.segrad.autodiff.Tensor;

/**
 * A fixed sweep (seeds 0..199 per loss, random options, logit scales 1e-3 … 50) that prints, per loss, the largest
 * analytic-vs-autodiff, autodiff-vs-central-difference and analytic-vs-forward-mode errors, for the report:
 * {@code mvn -q test -pl losses -am -Dtest=ErrorReportTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ErrorReportTest {
    private static final int SEEDS = 200;

    @Test
    void largestErrorsPerLoss() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%-8s %22s %22s %22s%n", "loss", "analytic vs autodiff", "autodiff vs FD", "analytic vs fwd-mode"));
        double worstA = 0, worstF = 0, worstO = 0;
        int failedFd = 0;
        for (String name : Losses.names()) {
            double a = 0, f = 0, o = 0;
            for (long seed = 0; seed < SEEDS; seed++) {
                LossCase c = LossCase.draw(seed, name, 4);
                SegLoss loss = c.build();
                LossValue auto = Grads.autodiff(loss, c.z(), c.y());
                LossValue ana = loss.analytic(c.z(), c.y());
                a = Math.max(a, Math.max(Grads.relValueError(ana.value(), auto.value()), Grads.relError(ana.gradient(), auto.gradient())));
                if (seed % 4 == 0) {
                    LossCase s = GradientProperties.fdCase(seed * Losses.names().size() + Losses.names().indexOf(name));
                    SegLoss ls = s.build();
                    Tensor y = s.y();
                    GradCheck.Report rep = GradCheck.check(name, in -> ls.forward(in[0], y), s.z().requiresGrad(true));
                    double scale = 0;
                    for (double v : Grads.autodiff(ls, s.z(), y).gradient().toDoubleArray()) scale = Math.max(scale, Math.abs(v));
                    f = Math.max(f, rep.maxAbsError() / Math.max(scale, Grads.FLOOR));
                    if (!rep.passed()) failedFd++;
                    LossCase m = LossCase.draw(seed, name, 3, name.equals("caml") ? 3 : 10);
                    double[] ref = DsReference.evaluate(m);
                    double[] g = new double[ref.length - 1];
                    System.arraycopy(ref, 1, g, 0, g.length);
                    o = Math.max(o, Grads.relError(m.build().analytic(m.z(), m.y()).gradient().toDoubleArray(), g));
                }
            }
            sb.append(String.format(Locale.ROOT, "%-8s %22.3e %22.3e %22.3e%n", name, a, f, o));
            worstA = Math.max(worstA, a);
            worstF = Math.max(worstF, f);
            worstO = Math.max(worstO, o);
        }
        sb.append(String.format(Locale.ROOT, "%-8s %22.3e %22.3e %22.3e%n", "max", worstA, worstF, worstO));
        sb.append(String.format(Locale.ROOT, "(normwise errors: max|a-b| / max(max|b|, 1e-5); FD: central differences, eps 1e-6,"
                + " caml with detach=false; %d of %d GradChecks failed)", failedFd, Losses.names().size() * SEEDS / 4));
        System.out.println(sb);
        assertTrue(worstA <= GradientProperties.ANALYTIC_TOL, sb::toString);
        assertTrue(worstO <= 1e-8, sb::toString);
        assertTrue(failedFd == 0, sb::toString);
    }
}
