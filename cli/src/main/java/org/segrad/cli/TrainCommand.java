package org.segrad.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicIntegerArray;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.segrad.losses.Losses;
import org.segrad.losses.SegLoss;
import org.segrad.nn.UNet;
import org.segrad.data.Augment;
import org.segrad.data.Dataset;
import org.segrad.data.Normalization;
import org.segrad.data.Sample;
import org.segrad.train.EpochRecord;
import org.segrad.train.ModelCard;
import org.segrad.train.RunFolder;
import org.segrad.train.TrainCheckpoint;
import org.segrad.train.Segmenter;
import org.segrad.train.TrainConfig;
import org.segrad.train.Trainer;
import org.segrad.train.TrainingListener;
import org.segrad.train.Validation;
import picocli.CommandLine.Command;
import org.segrad.autodiff.Device;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code segrad train}: trains a U-Net on a dataset (the built-in synthetic cells by default). */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a U-Net (unet-small by default) and write checkpoint, metrics, curves and predictions into --out"
                + " (a run owns its folder: --overwrite replaces an earlier run, --resume continues it).")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs/train");

    @Option(names = "--loss", paramLabel = "NAME|EXPR", description = "A loss name (ce, dice, ce+dice, focal, tversky, ml, caml) or a loss "
            + "expression, e.g. \"dice * ce ^ detach((1 - pbar) ^ dicecoef)\" (terms listed below; default: ${DEFAULT-VALUE}).")
    String loss = "caml";

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "Loss option, repeatable; in an expression it applies to every term that takes it.")
    Map<String, String> lossOptions = new LinkedHashMap<>();

    @Option(names = "--optimizer", description = "adam, adamw or sgd (default: ${DEFAULT-VALUE}).")
    String optimizer = "adam";

    @Option(names = "--lr", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr = 1e-3;

    @Option(names = "--weight-decay", description = "Weight decay (default: ${DEFAULT-VALUE}; adamw uses 0.01 when 0).")
    double weightDecay = 0;

    @Option(names = "--momentum", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum = 0.9;

    @Option(names = "--schedule", description = "none, step, cosine or poly (power 0.9) (default: ${DEFAULT-VALUE}).")
    String schedule = "poly";

    @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs = 30;

    @Option(names = "--batch-size", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize = 4;

    @Option(names = "--steps", description = "Stop after this many optimizer steps (default: no limit).")
    int steps = 0;

    @Option(names = "--early-stop", description = "Stop after this many epochs without a better validation mIoU (default: never).")
    int earlyStop = 0;

    @Option(names = "--crop", description = "Train on random crops of this side (default: whole images).")
    int crop = 0;

    @Option(names = "--clip-norm", description = "Clip the global gradient norm (default: off).")
    double clipNorm = 0;

    @Option(names = "--no-augment", description = "Turn augmentation off.")
    boolean noAugment;

    @Option(names = "--no-shuffle", description = "Keep the data order fixed.")
    boolean noShuffle;

    @Option(names = "--seed", description = "Seed of initialisation, order and augmentation (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--resume", description = "Continue the run in --out from its checkpoint exactly where it stopped.")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace the run in --out (its files are deleted first; other files stay).")
    boolean overwrite;

    @Spec
    CommandSpec spec;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        if (resume && overwrite) throw new IllegalArgumentException("--resume and --overwrite exclude each other: continue the run or replace it");
        RunFolder.Mode mode = resume ? RunFolder.Mode.RESUME : overwrite ? RunFolder.Mode.OVERWRITE : RunFolder.Mode.NEW;
        RunFolder.check(out, mode); // before the data: a busy or occupied folder fails at once
        model.resolveInit();
        TrainConfig cfg = new TrainConfig(model.base(), model.depth(), loss, lossOptions, optimizer, lr, weightDecay, momentum, schedule,
                epochs, batchSize, steps, earlyStop, crop, clipNorm, !noAugment, !noShuffle, seed);
        SegLoss segLoss = Losses.create(loss, lossOptions);
        Device dev = device.resolve();
        checkDevice(dev);
        model.applyThreads();
        DataOptions.Loaded d = data.load();
        checkCrop(d);
        UNet net = model.build(d.inChannels(), d.classes(), seed);
        net.to(dev);
        ModelCard card = d.card(cfg.base(), cfg.depth(), loss, lossOptions, seed);
        if (resume) Trainer.checkResumable(out.resolve(Trainer.CHECKPOINT), card);
        Map<String, Object> config = new LinkedHashMap<>(cfg.describe());
        config.put("data", d.description());
        config.put("device", dev.name());
        config.put("classes", d.classes());
        config.put("channels", d.channels());
        config.put("normalize", d.normalization().spec());
        config.put("label_map", d.labelMap());
        System.err.println("segrad train: " + d.description());
        if (!dev.isCpu()) System.err.println("  device " + dev.description());
        System.err.println("  model unet base " + cfg.base() + " depth " + cfg.depth() + " (" + net.parameterCount() + " parameters), loss "
                + loss + (lossOptions.isEmpty() ? "" : " " + lossOptions) + ", " + optimizer + " lr " + lr + ", " + epochs + " epochs");
        long t0 = System.nanoTime();
        AtomicIntegerArray committed = new AtomicIntegerArray(2); // epochs done, global step: what Ctrl-C reports
        Progress progress = new Progress(quiet);
        RunRecords records = new RunRecords(out, config);
        TrainingListener listener = new TrainingListener() {
            @Override
            public void epochStarted(int epoch, int epochs, int batches) {
                progress.epochStarted(epoch, epochs, batches);
            }

            @Override
            public void stepDone(int epoch, int batch, double loss, double runningLoss) {
                progress.stepDone(epoch, batch, loss, runningLoss);
            }

            @Override
            public void epochDone(EpochRecord record, boolean best) {
                progress.epochDone(record, best);
            }

            @Override
            public void message(String text) {
                progress.message(text);
            }

            @Override
            public void checkpointed(TrainCheckpoint.Progress p) {
                committed.set(0, p.epochsDone());
                committed.set(1, p.globalStep());
                try {
                    records.epoch(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        Trainer trainer = new Trainer(cfg, net, segLoss, listener).modelCard(card);
        Normalization.Mode norm = d.normalization().mode();
        if (cfg.augment() && (norm == Normalization.Mode.ZSCORE || norm == Normalization.Mode.ZSCORE_DATASET)) {
            // The intensity jitter works on [0, 1] values and would clamp z-scores: geometry only.
            trainer.augmentation(Augment.defaults().withIntensity(false));
        }
        try (progress;
             RunFolder folder = RunFolder.open(out, mode, "segrad " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
             InterruptNotice notice = InterruptNotice.install(() -> "segrad train: interrupted after epoch " + committed.get(0) + " (step "
                     + committed.get(1) + "); rerun with --resume", folder)) {
            boolean resumeNow = resume && folder.hasCheckpoint();
            if (resume && !resumeNow) {
                System.err.println("segrad train: " + out + " has no checkpoint (its run stopped in the first epoch); starting over");
            }
            if (!resumeNow) records.epoch(TrainCheckpoint.Progress.start());
            Trainer.Result result = trainer.fit(d.split().train(), d.split().val(), out, resumeNow);
            progress.close();
            double seconds = (System.nanoTime() - t0) / 1e9;
            // Report and predictions from the best model.
            if (Files.exists(out.resolve(Trainer.BEST))) net.load(out.resolve(Trainer.BEST));
            Segmenter seg = new Segmenter(net);
            Map<String, Object> test = d.split().test().size() == 0 ? null
                    : Validation.report(seg.predictAll(d.split().test()), d.split().test());
            records.finish(result.history(), result.steps(), result.bestMiou(), result.bestEpoch(), result.stopReason(), test, seconds);
            writePredictions(seg, d.split().val().size() > 0 ? d.split().val() : d.split().train(), d.classes());
            System.out.printf(Locale.ROOT, "segrad train: %s after %d steps in %.0f s; best val mIoU %.4f (epoch %d)%s; wrote %s%n",
                    result.stopReason(), result.steps(), seconds, result.bestMiou(), result.bestEpoch(),
                    test == null ? "" : String.format(Locale.ROOT, ", test mIoU %.4f", (Double) test.get("miou")), out);
        }
        return 0;
    }

    /**
     * Up to 4 images of {@code ds} as {@code predictions/NAME.png}, named after their source: image | truth |
     * prediction | error map with a class legend (see {@link PredictionPanels}).
     */
    private void writePredictions(Segmenter seg, Dataset ds, int classes) throws IOException {
        Path dir = out.resolve("predictions");
        Files.createDirectories(dir);
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < Math.min(4, ds.size()); i++) {
            Sample s = ds.get(i);
            String name = s.name().replaceAll("[^A-Za-z0-9._-]", "_");
            if (name.isEmpty() || name.startsWith(".")) name = "image" + name;
            if (!used.add(name)) name = name + "_" + i;
            used.add(name);
            float[] gray = displayGray(s);
            int[] truth = s.hasMask() ? s.mask() : new int[s.h() * s.w()];
            PredictionPanels.write(dir.resolve(name + ".png"), s.name(), gray, truth, seg.predict(s), s.h(), s.w(), classes);
        }
    }

    /** The first channel min-max scaled to [0, 1] for display (normalised inputs may be z-scores). */
    static float[] displayGray(Sample s) {
        float[] g = java.util.Arrays.copyOf(s.image(), s.h() * s.w());
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : g) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        for (int i = 0; i < g.length; i++) g[i] = hi > lo && Float.isFinite(g[i]) ? (g[i] - lo) / (hi - lo) : 0f;
        return g;
    }

    /** --crop must fit in every training image. */
    private void checkCrop(DataOptions.Loaded d) {
        if (crop <= 0) return;
        for (Sample s : d.split().train().samples()) {
            if (s.h() < crop || s.w() < crop) {
                throw new IllegalArgumentException("--crop " + crop + " is larger than training image " + s.name() + " (" + s.w() + "x"
                        + s.h() + "); use --crop <= " + Math.min(s.h(), s.w()));
            }
        }
    }

    /** Progress bar with ETA, running loss and the last validation mIoU. */
    private static final class Progress implements TrainingListener, AutoCloseable {
        private final boolean quiet;
        private ProgressBar bar;
        private double lastMiou = Double.NaN;

        /** The bar redraws one line with carriage returns: only where a terminal shows it (else epoch lines only). */
        private final boolean bars = System.console() != null;

        Progress(boolean quiet) {
            this.quiet = quiet;
        }

        @Override
        public void epochStarted(int epoch, int epochs, int batches) {
            close();
            if (quiet || !bars) return;
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs))
                    .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .continuousUpdate().build();
        }

        @Override
        public void stepDone(int epoch, int batch, double loss, double running) {
            if (bar == null) return;
            bar.stepTo(batch + 1);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f  val mIoU %s", running,
                    Double.isNaN(lastMiou) ? "-" : String.format(Locale.ROOT, "%.4f", lastMiou)));
        }

        @Override
        public void epochDone(EpochRecord r, boolean best) {
            lastMiou = r.valMiou();
            close();
            if (!quiet) {
                System.err.printf(Locale.ROOT, "epoch %d: loss %.4f, val mIoU %.4f%s (%.1f s)%n", r.epoch(), r.trainLoss(), r.valMiou(),
                        best ? " *best*" : "", r.seconds());
            }
        }

        @Override
        public void message(String text) {
            System.err.println(text);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    /** What a device run supports today (the rest would fail at the first step): said before any data is read. */
    private void checkDevice(Device dev) {
        if (dev.isCpu()) return;
        if (!loss.trim().equals("ce") || !lossOptions.isEmpty()) {
            throw new IllegalArgumentException("--device " + dev + " trains with --loss ce (no options) only for now; got --loss "
                    + loss + (lossOptions.isEmpty() ? "" : " " + lossOptions) + " (use --device cpu)");
        }
        if (!optimizer.equals("adam") && !optimizer.equals("adamw")) {
            throw new IllegalArgumentException("--device " + dev + " steps with --optimizer adam or adamw only; got " + optimizer);
        }
        if (clipNorm > 0) throw new IllegalArgumentException("--clip-norm is not implemented on --device " + dev + " (use --device cpu)");
    }
}
