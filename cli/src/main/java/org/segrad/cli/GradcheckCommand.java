package org.segrad.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.segrad.autodiff.GradCheck;
import org.segrad.autodiff.OpCase;
import org.segrad.autodiff.OpRegistry;
import org.segrad.losses.LossChecks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code segrad gradcheck}: GradCheck (float64 central differences) over every registered op, one row per op. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = "Gradient-check every registered op and every loss in float64 and print tables (or one loss or expression: --loss).")
final class GradcheckCommand implements Callable<Integer> {

    @Option(names = "--seeds", description = "Random draws (shapes and values) per op (default: ${DEFAULT-VALUE}).")
    int seeds = 5;

    @Option(names = "--seed", description = "First seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--loss", paramLabel = "NAME|EXPR", description = "Check only this loss name or expression: analytic = autodiff = "
            + "central differences on --seeds random cases, one row each (with detach(...) only analytic = autodiff).")
    String loss;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "An option of --loss (repeatable).")
    java.util.List<String> options = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        if (seeds < 1) throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        if (loss != null) return ExpressionCheck.run(loss, org.segrad.losses.Losses.parseOptions(options), seeds, seed) == 0 ? 0 : 1;
        if (!options.isEmpty()) throw new IllegalArgumentException("--option needs --loss, got --option " + options.get(0));
        System.out.printf(Locale.ROOT, "%-18s %6s %12s %12s  %s%n", "op", "draws", "max abs err", "max rel err", "result");
        int failed = 0, total = 0;
        double worstRel = 0;
        for (OpCase c : OpRegistry.cases()) {
            double abs = 0, rel = 0;
            boolean ok = true;
            for (int s = 0; s < seeds; s++) {
                GradCheck.Report r = c.check(seed + s);
                abs = Math.max(abs, r.maxAbsError());
                rel = Math.max(rel, r.maxRelError());
                if (!r.passed()) {
                    ok = false;
                    System.err.println(r);
                }
            }
            total++;
            if (!ok) failed++;
            worstRel = Math.max(worstRel, rel);
            System.out.printf(Locale.ROOT, "%-18s %6d %12.3e %12.3e  %s%n", c.op().opName(), seeds, abs, rel, ok ? "ok" : "FAILED");
        }
        System.out.printf(Locale.ROOT, "%d ops checked, %d failed, largest relative error %.3e%n", total, failed, worstRel);
        int lossFailed = checkLosses();
        return failed == 0 && lossFailed == 0 ? 0 : 1;
    }

    /** The losses (composite autodiff vs central differences, and analytic vs autodiff ≤ 1e-10). */
    private int checkLosses() {
        System.out.printf(Locale.ROOT, "%n%-62s %6s %12s %12s %12s  %s%n", "loss", "draws", "max abs err", "max rel err", "analytic err", "result");
        int failed = 0;
        double worst = 0;
        java.util.List<LossChecks.Variant> variants = LossChecks.variants();
        for (LossChecks.Variant v : variants) {
            double abs = 0, rel = 0, ana = 0;
            boolean ok = true;
            for (int s = 0; s < seeds; s++) {
                LossChecks.Result r = LossChecks.check(v, seed + s);
                abs = Math.max(abs, r.finiteDifferences().maxAbsError());
                rel = Math.max(rel, r.finiteDifferences().maxRelError());
                ana = Math.max(ana, r.analyticError());
                if (!r.finiteDifferences().passed() || !(r.analyticError() <= 1e-10)) {
                    ok = false;
                    System.err.println(r.finiteDifferences() + "\n  analytic vs autodiff: " + r.analyticError());
                }
            }
            if (!ok) failed++;
            worst = Math.max(worst, ana);
            System.out.printf(Locale.ROOT, "%-62s %6d %12.3e %12.3e %12.3e  %s%n", v.label(), seeds, abs, rel, ana, ok ? "ok" : "FAILED");
        }
        System.out.printf(Locale.ROOT, "%d loss variants checked, %d failed, largest analytic-vs-autodiff error %.3e%n",
                variants.size(), failed, worst);
        return failed;
    }
}
