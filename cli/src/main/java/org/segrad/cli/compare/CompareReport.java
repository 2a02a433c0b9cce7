package org.segrad.cli.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** Writes the {@code segrad compare} results: Markdown table, CSV of rows and of raw runs, bar chart PNG. */
public final class CompareReport {
    private CompareReport() {}

    public static String markdown(List<CompareStats.Row> rows, String reference) {
        StringBuilder sb = new StringBuilder();
        sb.append("| train fraction | loss | n | test mIoU (mean ± sd) | Wilcoxon p vs ").append(reference)
                .append(" | paired t p vs ").append(reference).append(" |\n|---|---|---|---|---|---|\n");
        for (CompareStats.Row r : rows) {
            String loss = Double.isNaN(r.meanLambda()) ? r.loss() : r.loss() + String.format(Locale.ROOT, " (λ̄ = %.2f)", r.meanLambda());
            sb.append(String.format(Locale.ROOT, "| %.2f | %s | %d | %.4f ± %.4f | %s | %s |%n", r.trainFraction(), loss, r.n(),
                    r.mean(), r.sd(), p(r.wilcoxonP()), p(r.tTestP())));
        }
        return sb.toString();
    }

    public static String csv(List<CompareStats.Row> rows) {
        StringBuilder sb = new StringBuilder("train_fraction,loss,n,mean_test_miou,sd_test_miou,wilcoxon_p,paired_t_p,mean_lambda\n");
        for (CompareStats.Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%.6f,%.6f,%s,%s,%s%n", r.trainFraction(), CsvFields.quote(r.loss()), r.n(), r.mean(), r.sd(),
                    num(r.wilcoxonP()), num(r.tTestP()), num(r.meanLambda())));
        }
        return sb.toString();
    }

    public static String runsCsv(List<RunResult> runs) {
        StringBuilder sb = new StringBuilder("loss,seed,train_fraction,test_miou,val_miou,lambda,seconds\n");
        for (RunResult r : runs) {
            sb.append(String.format(Locale.ROOT, "%s,%d,%s,%.6f,%.6f,%s,%.1f%n", CsvFields.quote(r.loss()), r.seed(), r.trainFraction(), r.testMiou(),
                    r.valMiou(), num(r.lambda()), r.seconds()));
        }
        return sb.toString();
    }

    /** Grouped bars: one group per train fraction, one bar per loss, error bars = sd; the y axis spans the data. */
    public static void barChart(Path png, List<CompareStats.Row> rows) throws IOException {
        Set<Double> fractions = new LinkedHashSet<>();
        Set<String> losses = new LinkedHashSet<>();
        for (CompareStats.Row r : rows) {
            fractions.add(r.trainFraction());
            losses.add(r.loss());
        }
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title("Test mIoU by loss")
                .xAxisTitle("train fraction").yAxisTitle("test mIoU").build();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (CompareStats.Row r : rows) {
            double sd = Double.isNaN(r.sd()) ? 0 : r.sd();
            if (!Double.isNaN(r.mean())) {
                lo = Math.min(lo, r.mean() - sd);
                hi = Math.max(hi, r.mean() + sd);
            }
        }
        if (lo <= hi) { // the axis follows the data (bars ± sd, padded), not a fixed 0–1 that flattens close results
            double[] range = org.segrad.cli.Charts.padded(lo, hi);
            chart.getStyler().setYAxisMin(range[0]).setYAxisMax(range[1]).setYAxisDecimalPattern("0.00#");
        }
        List<String> cats = new ArrayList<>();
        for (double f : fractions) cats.add(String.format(Locale.ROOT, "%.2f", f));
        for (String loss : losses) {
            List<Double> means = new ArrayList<>(), sds = new ArrayList<>();
            for (double f : fractions) {
                CompareStats.Row hit = rows.stream().filter(r -> r.loss().equals(loss) && r.trainFraction() == f).findFirst().orElse(null);
                means.add(hit == null ? 0.0 : hit.mean());
                sds.add(hit == null ? 0.0 : hit.sd());
            }
            chart.addSeries(loss, cats, means, sds);
        }
        org.segrad.cli.OutputFiles.writePng(chart, png);
    }


    private static String p(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
