package org.segrad.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segrad.cli.compare.CompareReport;
import org.segrad.cli.compare.CompareStats;
import org.segrad.cli.compare.RunResult;
import org.segrad.losses.Losses;
import org.segrad.nn.UNet;
import org.segrad.data.Dataset;
import org.segrad.data.Splits;
import org.segrad.train.RunFolder;
import org.segrad.train.Segmenter;
import org.segrad.train.TrainConfig;
import org.segrad.train.Trainer;
import org.segrad.train.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code segrad compare}: trains every loss × seed × train fraction on one dataset and tabulates test mIoU (model
 * chosen by validation mIoU), with paired Wilcoxon signed-rank and t-test p-values of each loss against the
 * reference (CAML). ce+dice gets its λ tuned per run on the validation split over {@code --lambdas}.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare losses over seeds and train fractions; Markdown + CSV table and a bar chart in --out.")
final class CompareCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--losses", paramLabel = "A,B,…", description = "Loss names or expressions, split at the commas outside parentheses "
            + "(default: ${DEFAULT-VALUE}).")
    String lossList = "ce,dice,ce+dice,focal,tversky,ml,caml";

    /** {@code --losses}, split and validated. */
    List<String> losses;

    @Option(names = "--reference", description = "Loss the p-values compare against (default: ${DEFAULT-VALUE}).")
    String reference = "caml";

    @Option(names = "--seeds", description = "Seeds per configuration (default: ${DEFAULT-VALUE}).")
    int seeds = 3;

    @Option(names = "--fractions", split = ",", description = "Train fractions (default: ${DEFAULT-VALUE}).")
    List<Double> fractions = new ArrayList<>(List.of(0.25, 1.0));

    @Option(names = "--lambdas", split = ",", description = "λ grid of ce+dice, tuned on validation (default: ${DEFAULT-VALUE}).")
    List<Double> lambdas = new ArrayList<>(List.of(0.5, 1.0, 2.0));

    @Option(names = "--epochs", description = "Epochs per run (default: ${DEFAULT-VALUE}).")
    int epochs = 8;

    @Option(names = "--batch-size", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize = 4;

    @Option(names = "--lr", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr = 1e-3;

    @Option(names = "--out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs/compare");

    @Option(names = "--overwrite", description = "Replace the compare run in --out (its files are deleted first; other files stay).")
    boolean overwrite;

    @Spec
    CommandSpec spec;

    @Option(names = "--from-runs", paramLabel = "runs.csv", description = "Only re-tabulate the runs of an earlier compare (no training).")
    Path fromRuns;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1) throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        losses = LossArgs.parseList("--losses", lossList, Map.of());
        if (!losses.contains(reference)) throw new IllegalArgumentException("--reference " + reference + " is not among --losses " + losses);
        for (double f : fractions) if (!(f > 0 && f <= 1)) throw new IllegalArgumentException("--fractions must be in (0, 1], got " + f);
        // A compare run owns --out (see RunFolder); --from-runs only rewrites the tables and the chart.
        RunFolder.Mode mode = fromRuns != null ? RunFolder.Mode.UPDATE : overwrite ? RunFolder.Mode.OVERWRITE : RunFolder.Mode.NEW;
        RunFolder.check(out, mode, false);
        String command = "segrad " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        if (fromRuns != null) {
            if (!Files.isRegularFile(fromRuns)) throw new IllegalArgumentException("--from-runs " + fromRuns + ": no such file");
            List<RunResult> runs = RunResult.parseCsv(Files.readString(fromRuns));
            try (RunFolder folder = RunFolder.open(out, mode, command, false)) {
                report(runs, "Re-tabulated from " + fromRuns + ".");
            }
            return 0;
        }
        model.applyThreads();
        DataOptions.Loaded d = data.load();
        try (RunFolder folder = RunFolder.open(out, mode, command, false);
             InterruptNotice notice = InterruptNotice.install(() -> "segrad compare: interrupted; rerun with --overwrite", folder)) {
            return compare(d);
        }
    }

    private Integer compare(DataOptions.Loaded d) throws Exception {
        System.err.println("segrad compare: " + d.description() + "; " + losses.size() + " losses x " + seeds + " seeds x "
                + fractions.size() + " fractions");
        List<RunResult> runs = new ArrayList<>();
        long start = System.nanoTime();
        for (double fraction : fractions) {
            for (int s = 0; s < seeds; s++) {
                long seed = 1000L + s;
                Dataset train = fraction < 1 ? Splits.subsample(d.split().train(), fraction, seed) : d.split().train();
                for (String loss : losses) {
                    List<Map<String, String>> grid = new ArrayList<>();
                    if (loss.equals("ce+dice")) for (double l : lambdas) grid.add(Map.of("lambda", Double.toString(l)));
                    else grid.add(Map.of());
                    RunResult best = null;
                    for (Map<String, String> opts : grid) {
                        RunResult r = run(d, train, loss, opts, fraction, seed);
                        if (best == null || r.valMiou() > best.valMiou()) best = r;
                    }
                    runs.add(best);
                    System.err.printf(Locale.ROOT, "  fraction %.2f seed %d %-8s test mIoU %.4f (val %.4f)%s, %.0f s elapsed%n", fraction, seed,
                            loss, best.testMiou(), best.valMiou(), Double.isNaN(best.lambda()) ? "" : " λ=" + best.lambda(),
                            (System.nanoTime() - start) / 1e9);
                }
            }
        }
        report(runs, "Data: " + d.description() + ". Model: U-Net base " + model.base + " depth " + model.depth + ", " + epochs
                + " epochs, Adam lr " + lr + ", batch " + batchSize + ". Test mIoU of the model with the best validation mIoU.");
        System.out.printf(Locale.ROOT, "segrad compare: %d runs in %.0f s; wrote %s%n", runs.size(), (System.nanoTime() - start) / 1e9, out);
        return 0;
    }

    private void report(List<RunResult> runs, String header) throws java.io.IOException {
        List<CompareStats.Row> rows = CompareStats.summarize(runs, reference);
        String md = header + " p-values: two-sided, paired by seed (with n seeds the smallest exact Wilcoxon p is 2/2^n: 0.25 for 3).\n\n"
                + CompareReport.markdown(rows, reference);
        OutputFiles.writeText(out.resolve("compare.md"), md);
        OutputFiles.writeText(out.resolve("compare.csv"), CompareReport.csv(rows));
        if (fromRuns == null) OutputFiles.writeText(out.resolve("runs.csv"), CompareReport.runsCsv(runs));
        CompareReport.barChart(out.resolve("compare.png"), rows);
        System.out.print(md);
    }

    private RunResult run(DataOptions.Loaded d, Dataset train, String loss, Map<String, String> opts, double fraction, long seed)
            throws Exception {
        long t0 = System.nanoTime();
        TrainConfig cfg = new TrainConfig(model.base, model.depth, loss, opts, "adam", lr, 0, 0.9, "poly", epochs, batchSize, 0, 0, 0,
                0, true, true, seed);
        UNet net = model.build(d.classes(), seed);
        Map<String, String> name = new LinkedHashMap<>(opts);
        Path dir = out.resolve("runs").resolve(String.format(Locale.ROOT, "%s%s_f%.2f_s%d", LossArgs.slug(loss),
                name.isEmpty() ? "" : "_" + name.values().iterator().next(), fraction, seed));
        Trainer.Result r = new Trainer(cfg, net, Losses.create(loss, opts), null).fit(train, d.split().val(), dir, false);
        net.load(dir.resolve(Trainer.BEST));
        double test = Validation.meanIou(new Segmenter(net).predictAll(d.split().test()), d.split().test());
        double lambda = opts.containsKey("lambda") ? Double.parseDouble(opts.get("lambda")) : Double.NaN;
        return new RunResult(loss, seed, fraction, test, r.bestMiou(), lambda, (System.nanoTime() - t0) / 1e9);
    }
}
