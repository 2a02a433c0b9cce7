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
import org.segrad.cli.compare.CompareRun;
import org.segrad.cli.compare.CompareStats;
import org.segrad.cli.compare.InProcessSweepRunner;
import org.segrad.cli.compare.Ledger;
import org.segrad.cli.compare.RunResult;
import org.segrad.cli.compare.RunSettings;
import org.segrad.cli.compare.RunSpec;
import org.segrad.cli.compare.SweepRunner;
import org.segrad.cli.compare.SweepRunnerProvider;
import org.segrad.train.RunFolder;
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

    @Option(names = "--master", paramLabel = "URL", description = "Run each training run as one Spark task: local[N] or spark://HOST:PORT (needs the spark module).")
    String master;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE", description = "Extra Spark settings with --master, e.g. spark.executor.memory=4g.")
    Map<String, String> sparkConf = new LinkedHashMap<>();

    @Option(names = "--resume", description = "Continue the sweep in --out: skip the runs already in its ledger.jsonl (same settings required).")
    boolean resume;

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
        if (resume && (overwrite || fromRuns != null)) {
            throw new IllegalArgumentException("--resume continues the sweep in --out; it excludes " + (overwrite ? "--overwrite" : "--from-runs"));
        }
        // A compare run owns --out (see RunFolder); --from-runs only rewrites the tables and the chart; --resume keeps
        // everything (the ledger holds the finished runs). --resume is suggested only where there is a ledger.
        boolean hasLedger = Files.isRegularFile(out.resolve(Ledger.FILE));
        RunFolder.Mode mode = fromRuns != null || resume ? RunFolder.Mode.UPDATE : overwrite ? RunFolder.Mode.OVERWRITE : RunFolder.Mode.NEW;
        RunFolder.check(out, mode, hasLedger);
        if (resume && !hasLedger) {
            throw new IllegalArgumentException("--resume: --out " + out + " has no " + Ledger.FILE + ", there is no sweep to continue; drop --resume to start one");
        }
        String command = "segrad " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        if (fromRuns != null) {
            if (!Files.isRegularFile(fromRuns)) throw new IllegalArgumentException("--from-runs " + fromRuns + ": no such file");
            List<RunResult> runs = RunResult.parseCsv(Files.readString(fromRuns));
            try (RunFolder folder = RunFolder.open(out, mode, command, hasLedger)) {
                report(runs, "Re-tabulated from " + fromRuns + ".");
            }
            return 0;
        }
        model.applyThreads();
        RunSettings settings = new RunSettings(data.absolute(), model.base(), model.depth(),
                model.init == null ? null : model.init.toAbsolutePath().toString(), epochs, batchSize, lr, model.threads);
        DataOptions.Loaded d = CompareRun.data(settings);
        model.build(d.inChannels(), d.classes(), 0); // checks --base, --depth and --init before anything is written
        List<RunSpec> plan = RunSpec.plan(losses, seeds, fractions, lambdas);
        SweepRunnerProvider cluster = master == null ? null : SweepRunnerProvider.find();
        try (RunFolder folder = RunFolder.open(out, mode, command, hasLedger);
             InterruptNotice notice = InterruptNotice.install(() -> "segrad compare: interrupted; rerun with --resume to continue (the finished runs are in "
                     + out.resolve(Ledger.FILE) + ")", folder)) {
            return compare(d, settings, plan, cluster);
        }
    }

    private Integer compare(DataOptions.Loaded d, RunSettings settings, List<RunSpec> plan, SweepRunnerProvider cluster) throws Exception {
        System.err.println("segrad compare: " + d.description() + "; " + losses.size() + " losses x " + seeds + " seeds x "
                + fractions.size() + " fractions = " + plan.size() + " runs" + (master == null ? "" : " on " + master));
        long start = System.nanoTime();
        try (SweepRunner runner = cluster == null ? new InProcessSweepRunner(out) : cluster.connect(master, sparkConf, settings);
             Ledger ledger = Ledger.open(out, settings.fingerprint(), resume)) {
            List<RunSpec> todo = new ArrayList<>();
            for (RunSpec spec : plan) if (!ledger.done().containsKey(spec)) todo.add(spec);
            if (ledger.discarded() > 0) System.err.println("  a new ledger: the " + ledger.discarded() + " runs of the earlier one are dropped (--resume keeps them)");
            if (ledger.damaged() > 0) System.err.println("  ledger: dropped " + ledger.damaged() + " damaged line(s) (a torn last write)");
            if (todo.size() < plan.size()) System.err.println("  resuming: " + (plan.size() - todo.size()) + " runs done, " + todo.size() + " to go");
            runner.run(settings, todo, (spec, r) -> {
                ledger.append(r);
                System.err.printf(Locale.ROOT, "  %-36s test mIoU %.4f (val %.4f), %.0f s elapsed%n", spec.label(), r.testMiou(),
                        r.valMiou(), (System.nanoTime() - start) / 1e9);
            });
            List<RunResult> runs = best(plan, ledger.done());
            report(runs, "Data: " + d.description() + ". Model: U-Net base " + model.base() + " depth " + model.depth() + ", " + epochs
                    + " epochs, Adam lr " + lr + ", batch " + batchSize + ". Test mIoU of the model with the best validation mIoU.");
            System.out.printf(Locale.ROOT, "segrad compare: %d runs in %.0f s; wrote %s%n", runs.size(), (System.nanoTime() - start) / 1e9, out);
        }
        return 0;
    }

    /** Per (fraction, seed, loss), in plan order, the run with the best validation mIoU over the λ grid (the first on a tie). */
    static List<RunResult> best(List<RunSpec> plan, Map<RunSpec, RunResult> done) {
        Map<List<Object>, RunResult> best = new LinkedHashMap<>();
        for (RunSpec spec : plan) {
            RunResult r = done.get(spec);
            if (r == null) throw new IllegalStateException("run " + spec.label() + " has no result");
            best.merge(List.of(spec.fraction(), spec.seed(), spec.loss()), r, (a, b) -> b.valMiou() > a.valMiou() ? b : a);
        }
        return new ArrayList<>(best.values());
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
}
