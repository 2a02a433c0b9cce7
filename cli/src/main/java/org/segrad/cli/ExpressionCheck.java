package org.segrad.cli;

import java.util.Locale;
import java.util.Map;
import org.segrad.losses.ExpressionLoss;
import org.segrad.losses.LossChecks;
import org.segrad.losses.Losses;
import org.segrad.losses.SegLoss;

/**
 * {@code segrad gradcheck --loss EXPR}: proves one loss name or expression on seeded random batches [2, 3, 3, 2]
 * ({@link LossChecks#check}): analytic = autodiff (normwise, ≤ {@link #ANALYTIC_TOLERANCE}) and autodiff = central
 * differences (GradCheck, float64), one row per case. A loss with a stop-gradient ({@code detach(...)}, or CAML's
 * default {@code detach=true}) has, by design, a surrogate gradient that is not the derivative of its value: there
 * the central-difference columns are printed for information and only analytic = autodiff decides.
 */
final class ExpressionCheck {
    private ExpressionCheck() {}

    /** The largest accepted max|analytic − autodiff| / max|autodiff|, as for the named losses. */
    static final double ANALYTIC_TOLERANCE = 1e-10;

    /** Prints the table; returns the number of failed cases. */
    static int run(String expression, Map<String, String> options, int cases, long firstSeed) {
        SegLoss loss = Losses.create(expression, options);
        boolean surrogate = LossArgs.hasStopGradient(expression, options);
        System.out.println("loss: " + loss.name() + (options.isEmpty() ? "" : " " + options));
        if (loss instanceof ExpressionLoss e) System.out.println("parsed: " + e.term());
        if (surrogate) {
            System.out.println("note: this loss stops a gradient (detach), so its gradient is by design not the derivative of its value;\n"
                    + "      central differences are shown for information only, and analytic = autodiff decides each case.");
        }
        System.out.printf(Locale.ROOT, "%-5s %6s %14s %14s %14s  %s%n", "case", "seed", "analytic err", "fd max abs", "fd max rel", "result");
        int failed = 0;
        double worst = 0;
        for (int k = 0; k < cases; k++) {
            long seed = firstSeed + k;
            LossChecks.Result r = LossChecks.check(loss, loss.name(), options.containsKey("ignore-index"), seed);
            boolean analyticOk = r.analyticError() <= ANALYTIC_TOLERANCE;
            boolean fdOk = r.finiteDifferences().passed();
            boolean ok = analyticOk && (fdOk || surrogate);
            String result = ok ? (fdOk ? "ok" : "ok (analytic = autodiff; central differences n/a: detach)")
                    : !analyticOk ? "FAILED (analytic != autodiff)" : "FAILED (autodiff != central differences)";
            if (!ok) {
                failed++;
                System.err.println(r.finiteDifferences() + "\n  analytic vs autodiff: " + r.analyticError());
            }
            worst = Math.max(worst, r.analyticError());
            System.out.printf(Locale.ROOT, "%-5d %6d %14.3e %14.3e %14.3e  %s%n", k + 1, seed, r.analyticError(),
                    r.finiteDifferences().maxAbsError(), r.finiteDifferences().maxRelError(), result);
        }
        System.out.printf(Locale.ROOT, "%d cases checked, %d failed, largest analytic-vs-autodiff error %.3e%s%n", cases, failed, worst,
                surrogate ? " (central differences not asserted: detach)" : "");
        return failed;
    }
}
