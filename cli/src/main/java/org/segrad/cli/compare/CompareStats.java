package org.segrad.cli.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;

/**
 * Per (train fraction, loss): mean ± sd of test mIoU over seeds, and paired tests against a reference loss (the runs
 * of both with the same seed form a pair): the Wilcoxon signed-rank test (exact p-value, two-sided) and the paired
 * t-test (two-sided), both from commons-math3. A p-value that cannot be computed (fewer than 2 pairs, all
 * differences zero) is NaN.
 */
public final class CompareStats {
    private CompareStats() {}

    /** One row of the table. */
    public record Row(double trainFraction, String loss, int n, double mean, double sd, double wilcoxonP, double tTestP,
                      double meanLambda) {}

    public static List<Row> summarize(List<RunResult> runs, String reference) {
        Map<Double, Map<String, Map<Long, RunResult>>> byFraction = new TreeMap<>();
        for (RunResult r : runs) {
            byFraction.computeIfAbsent(r.trainFraction(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.loss(), k -> new TreeMap<>()).put(r.seed(), r);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Double, Map<String, Map<Long, RunResult>>> f : byFraction.entrySet()) {
            Map<Long, RunResult> ref = f.getValue().get(reference);
            for (Map.Entry<String, Map<Long, RunResult>> e : f.getValue().entrySet()) {
                SummaryStatistics s = new SummaryStatistics(), lambda = new SummaryStatistics();
                for (RunResult r : e.getValue().values()) {
                    s.addValue(r.testMiou());
                    if (!Double.isNaN(r.lambda())) lambda.addValue(r.lambda());
                }
                double w = Double.NaN, t = Double.NaN;
                if (ref != null && !e.getKey().equals(reference)) {
                    double[][] pairs = pairs(e.getValue(), ref);
                    w = wilcoxon(pairs[0], pairs[1]);
                    t = pairedT(pairs[0], pairs[1]);
                }
                rows.add(new Row(f.getKey(), e.getKey(), (int) s.getN(), s.getMean(), s.getN() > 1 ? s.getStandardDeviation() : 0,
                        w, t, lambda.getN() > 0 ? lambda.getMean() : Double.NaN));
            }
        }
        return rows;
    }

    private static double[][] pairs(Map<Long, RunResult> a, Map<Long, RunResult> b) {
        List<double[]> p = new ArrayList<>();
        for (Map.Entry<Long, RunResult> e : a.entrySet()) {
            RunResult other = b.get(e.getKey());
            if (other != null) p.add(new double[] {e.getValue().testMiou(), other.testMiou()});
        }
        double[] x = new double[p.size()], y = new double[p.size()];
        for (int i = 0; i < p.size(); i++) {
            x[i] = p.get(i)[0];
            y[i] = p.get(i)[1];
        }
        return new double[][] {x, y};
    }

    static double wilcoxon(double[] x, double[] y) {
        if (x.length < 2 || x.length > 30) return Double.NaN;
        boolean allEqual = true;
        for (int i = 0; i < x.length; i++) allEqual &= x[i] == y[i];
        if (allEqual) return Double.NaN;
        // commons-math3 returns 2·P(one side), which exceeds 1 when the statistic sits at the centre: a two-sided
        // p-value is min(1, 2·P).
        return Math.min(1.0, new WilcoxonSignedRankTest().wilcoxonSignedRankTest(x, y, true));
    }

    static double pairedT(double[] x, double[] y) {
        if (x.length < 2) return Double.NaN;
        double first = x[0] - y[0];
        boolean constant = true;
        for (int i = 1; i < x.length; i++) constant &= x[i] - y[i] == first;
        if (constant) return Double.NaN;
        return new TTest().pairedTTest(x, y);
    }
}
