package org.segrad.cli.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.segrad.cli.DataOptions;
import org.segrad.data.Dataset;
import org.segrad.data.Splits;
import org.segrad.kernels.Parallel;
import org.segrad.losses.Losses;
import org.segrad.nn.UNet;
import org.segrad.train.Segmenter;
import org.segrad.train.TrainConfig;
import org.segrad.train.Trainer;
import org.segrad.train.Validation;

/**
 * One run of {@code segrad compare} as a function of ({@link RunSettings}, {@link RunSpec}) alone: trains a U-Net
 * seeded with the run's seed on the run's share of the training split, keeps the model with the best validation mIoU
 * and measures its test mIoU. Every runner calls this, in-process or in a Spark task, so a run gives the same bits
 * wherever it runs (the thread count changes no bit either: Parallel's fixed partition). The data is loaded once per
 * JVM and recipe ({@link #data}).
 */
public final class CompareRun {
    private static final Map<String, DataOptions.Loaded> DATA = new HashMap<>();

    private CompareRun() {}

    /** The sweep's dataset, loaded once per JVM (synchronized: the tasks of one Spark executor share it). */
    public static synchronized DataOptions.Loaded data(RunSettings s) throws IOException {
        DataOptions.Loaded d = DATA.get(s.data().recipe());
        if (d == null) {
            d = s.data().load();
            DATA.put(s.data().recipe(), d);
        }
        return d;
    }

    /** Runs {@code spec}, writing its checkpoints to {@code dir} (kept). */
    public static RunResult run(RunSettings s, RunSpec spec, Path dir) throws IOException {
        long t0 = System.nanoTime();
        DataOptions.Loaded d = data(s);
        Parallel.setThreads(s.threads());
        Dataset train = spec.fraction() < 1 ? Splits.subsample(d.split().train(), spec.fraction(), spec.seed()) : d.split().train();
        TrainConfig cfg = new TrainConfig(s.base(), s.depth(), spec.loss(), spec.options(), "adam", s.lr(), 0, 0.9, "poly", s.epochs(),
                s.batchSize(), 0, 0, 0, 0, true, true, spec.seed());
        UNet net = new UNet(d.inChannels(), d.classes(), s.base(), s.depth(), spec.seed());
        if (s.init() != null) net.load(Path.of(s.init()));
        Trainer.Result r = new Trainer(cfg, net, Losses.create(spec.loss(), spec.options()), null)
                .modelCard(d.card(s.base(), s.depth(), spec.loss(), spec.options(), spec.seed())).fit(train, d.split().val(), dir, false);
        net.load(dir.resolve(Trainer.BEST));
        double test = Validation.meanIou(new Segmenter(net).predictAll(d.split().test()), d.split().test());
        return new RunResult(spec.loss(), spec.seed(), spec.fraction(), test, r.bestMiou(), spec.lambda(), (System.nanoTime() - t0) / 1e9);
    }

    /** Runs {@code spec} with its checkpoints in a temporary folder, removed afterwards (a worker keeps nothing). */
    public static RunResult runInTemp(RunSettings s, RunSpec spec) throws IOException {
        Path dir = Files.createTempDirectory("segrad-run-");
        try {
            return run(s, spec, dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
