package org.segrad.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.segrad.nn.Checkpoints;
import org.segrad.autodiff.Tensor;
import org.segrad.autodiff.Device;
import org.segrad.autodiff.Workspace;
import org.segrad.losses.SegLoss;
import org.segrad.nn.Module;
import org.segrad.data.Augment;
import org.segrad.data.Batch;
import org.segrad.data.Dataset;
import org.segrad.data.Geometry;
import org.segrad.data.Rng;
import org.segrad.data.Sample;
import org.segrad.nn.optim.GradClip;
import org.segrad.nn.optim.LrScheduler;
import org.segrad.nn.optim.Optimizer;
import org.segrad.nn.optim.Optimizers;

/**
 * The training loop of {@code segrad train}: epochs of shuffled, augmented mini-batches, one optimizer step each,
 * validation mIoU after every epoch, the best model kept, an atomic checkpoint after every epoch, exact resume.
 *
 * <p>Determinism: the epoch's order is {@code Rng(mix(seed, epoch)).permutation}, the augmentation and crop of
 * sample i in epoch e use {@code mix(seed, e, i, ·)}, the model is initialised from {@code seed}; so the same
 * configuration gives the same run on one thread, and a resumed run continues bit for bit.
 *
 * <p>Files in the output folder: {@code checkpoint.safetensors} (resume state, see {@link TrainCheckpoint}),
 * {@code model.safetensors} (the latest weights, PyTorch-loadable), {@code best.safetensors} (best validation mIoU);
 * each epoch's record has the training loss, the validation loss (eval mode, no tape) and mIoU, and the learning rate.
 * A non-finite loss stops the run with {@link NonFiniteLossException} before anything of that step is written.
 */
public final class Trainer {
    public static final String CHECKPOINT = "checkpoint.safetensors";
    public static final String MODEL = "model.safetensors";
    public static final String BEST = "best.safetensors";

    private final TrainConfig cfg;
    private final Module model;
    private final int inputMultiple;
    private final SegLoss loss;
    private final Optimizer optimizer;
    private final LrScheduler scheduler;
    private Augment augment;
    private final TrainingListener listener;
    /** Op buffers of one training step, reused by the next (see {@link Workspace}). */
    private final Workspace workspace = new Workspace();
    private final ValidationLoss validationLoss = new ValidationLoss();
    /** What the written files say they are (null: plain state dicts). */
    private ModelCard card;

    /** What a run ended with. */
    public record Result(List<EpochRecord> history, double bestMiou, int bestEpoch, int steps, String stopReason) {}

    /**
     * A trainer of {@code model} with the optimizer and schedule {@code cfg} names; images are padded to
     * {@link Module#inputMultiple()}.
     */
    public Trainer(TrainConfig cfg, Module model, SegLoss loss, TrainingListener listener) {
        this(cfg, model, model.inputMultiple(), loss, cfg.optimizerFactory(), cfg.scheduleFactory(), listener);
    }

    /**
     * A trainer of any module whose input sides must be multiples of {@code inputMultiple} (images are reflect-padded
     * to it), with the given optimizer and schedule; {@code cfg} gives the rest (epochs, batches, crops, seed …).
     */
    public Trainer(TrainConfig cfg, Module model, int inputMultiple, SegLoss loss, Optimizers.Factory optimizer,
                   LrScheduler.Factory schedule, TrainingListener listener) {
        if (inputMultiple < 1) throw new IllegalArgumentException("inputMultiple must be >= 1, got " + inputMultiple);
        this.cfg = cfg;
        this.model = model;
        this.inputMultiple = inputMultiple;
        this.loss = loss;
        this.listener = listener == null ? TrainingListener.NONE : listener;
        this.optimizer = optimizer.create(model.parameters());
        this.scheduler = schedule.create(this.optimizer, cfg.epochs());
        this.augment = cfg.augment() ? Augment.defaults() : Augment.none();
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Every file this trainer writes (model, best, checkpoint) will carry {@code card} in its metadata, and
     * {@code --resume} refuses a checkpoint whose card describes another run ({@link ModelCard#resumeDifferences}).
     */
    public Trainer modelCard(ModelCard c) {
        this.card = c;
        return this;
    }

    /**
     * Replaces the augmentation {@code cfg.augment()} chose, e.g. one without intensity jitter for inputs that are not
     * in [0, 1] (z-scores), which that jitter would clamp.
     */
    public Trainer augmentation(Augment a) {
        this.augment = java.util.Objects.requireNonNull(a, "augmentation");
        return this;
    }

    private Map<String, String> metadata() {
        return card == null ? Map.of() : card.metadata();
    }

    private void saveModel(Path file) throws IOException {
        Checkpoints.save(model, file, metadata());
    }

    /** Refuses to resume a checkpoint whose model card describes another run, naming every difference. */
    private void checkSameRun(Path ck) throws IOException {
        checkResumable(ck, card);
    }

    /**
     * Refuses (one line naming every difference) to resume checkpoint {@code ck} when its model card describes
     * another run than {@code card} ({@link ModelCard#resumeDifferences}); files without a card pass.
     *
     * @throws IllegalArgumentException starting with "--resume: "
     */
    public static void checkResumable(Path ck, ModelCard card) throws IOException {
        if (card == null || !Files.exists(ck)) return;
        Optional<ModelCard> was = ModelCard.read(ck);
        if (was.isEmpty()) return;
        List<String> diffs = was.get().resumeDifferences(card);
        if (!diffs.isEmpty()) {
            throw new IllegalArgumentException("--resume: " + ck + " is another run: " + String.join("; ", diffs)
                    + " (use another --out, or the checkpoint's settings)");
        }
    }

    /**
     * Trains on {@code train}, validates on {@code val} (may be empty) and writes into {@code out}. With
     * {@code resume}, continues from {@code out/checkpoint.safetensors}.
     *
     * <p>Write order, the crash contract: at the end of an epoch {@code model}, then {@code best} (if improved), then
     * the checkpoint. The checkpoint is the commit point: a run killed anywhere resumes from the last checkpoint, and
     * since the epochs after it are recomputed bit for bit, they rewrite {@code model} and {@code best} with the same
     * bytes an uninterrupted run writes. A run that had already stopped (all epochs, {@code --steps}, early stop) when
     * it was killed stops again at once on resume, with the same reason.
     */
    public Result fit(Dataset train, Dataset val, Path out, boolean resume) throws IOException {
        if (train.size() == 0) throw new IllegalArgumentException("training set is empty");
        TrainCheckpoint.Progress p = TrainCheckpoint.Progress.start();
        if (resume) {
            Path ck = out.resolve(CHECKPOINT);
            if (!Files.exists(ck)) throw new IllegalArgumentException("--resume: no checkpoint at " + ck);
            checkSameRun(ck);
            p = TrainCheckpoint.load(ck, model, optimizer);
            listener.message("resumed from " + ck + " after epoch " + p.epochsDone() + " (step " + p.globalStep() + ")");
            listener.checkpointed(p);
        }
        Files.createDirectories(out);
        if (scheduler != null) for (int e = 0; e < p.epochsDone(); e++) scheduler.step();
        if (resume) optimizer.setLr(lrOfEpoch(p.epochsDone()));
        List<EpochRecord> history = new ArrayList<>(p.history());
        int step = p.globalStep(), bestEpoch = p.bestEpoch(), skip = p.batchesInEpoch();
        double best = p.bestMiou();
        String stop = resume ? stoppedAlready(p) : null;
        Segmenter segmenter = new Segmenter(model, inputMultiple);
        int batches = (train.size() + cfg.batchSize() - 1) / cfg.batchSize();
        for (int epoch = p.epochsDone(); stop == null && epoch < cfg.epochs(); epoch++) {
            long t0 = System.nanoTime();
            int[] order = cfg.shuffle() ? new Rng(Rng.mix(cfg.seed(), epoch)).permutation(train.size()) : identity(train.size());
            listener.epochStarted(epoch, cfg.epochs(), batches);
            model.train();
            double sum = 0;
            int count = 0;
            boolean stepLimit = false;
            for (int b = skip; b < batches; b++) {
                double v = trainStep(train, order, epoch, b);
                step++;
                sum += v;
                count++;
                listener.stepDone(epoch, b, v, sum / count);
                if (cfg.steps() > 0 && step >= cfg.steps() && b + 1 < batches) {
                    saveModel(out.resolve(MODEL));
                    TrainCheckpoint.Progress mid = new TrainCheckpoint.Progress(epoch, b + 1, step, best, bestEpoch, history);
                    TrainCheckpoint.save(out.resolve(CHECKPOINT), model, optimizer, mid, metadata());
                    listener.checkpointed(mid);
                    stepLimit = true;
                    break;
                }
            }
            skip = 0;
            if (stepLimit) {
                stop = "reached --steps " + cfg.steps() + " in epoch " + (epoch + 1);
                break;
            }
            double valLoss = validationLoss.of(model, inputMultiple, loss, val);
            double miou = val.size() == 0 ? Double.NaN : Validation.meanIou(segmenter.predictAll(val), val);
            double lr = optimizer.lr();
            EpochRecord rec = new EpochRecord(epoch + 1, step, count == 0 ? Double.NaN : sum / count, valLoss, miou, lr,
                    (System.nanoTime() - t0) / 1e9);
            history.add(rec);
            // Without a validation set every epoch counts as the best so far (best.safetensors = the latest weights).
            boolean improved = Double.isNaN(miou) || miou > best;
            if (improved) {
                if (!Double.isNaN(miou)) best = miou;
                bestEpoch = epoch + 1;
            }
            if (scheduler != null) scheduler.step();
            saveModel(out.resolve(MODEL));
            if (improved) saveModel(out.resolve(BEST));
            TrainCheckpoint.Progress done = new TrainCheckpoint.Progress(epoch + 1, 0, step, best, bestEpoch, history);
            TrainCheckpoint.save(out.resolve(CHECKPOINT), model, optimizer, done, metadata());
            listener.epochDone(rec, improved);
            listener.checkpointed(done);
            stop = stoppedAlready(done);
        }
        return new Result(history, best, bestEpoch, step, stop == null ? "completed " + cfg.epochs() + " epochs" : stop);
    }

    /**
     * Why a run in state {@code p} stops before another step, or null if it goes on: {@code --steps} reached (inside
     * an epoch or at its end), or {@code --early-stop} epochs without a better validation mIoU. Reaching
     * {@code --epochs} is the loop's own end.
     */
    private String stoppedAlready(TrainCheckpoint.Progress p) {
        if (cfg.steps() > 0 && p.globalStep() >= cfg.steps()) {
            return p.batchesInEpoch() > 0 ? "reached --steps " + cfg.steps() + " in epoch " + (p.epochsDone() + 1)
                    : "reached --steps " + cfg.steps();
        }
        if (cfg.earlyStop() > 0 && p.bestEpoch() > 0 && p.epochsDone() - p.bestEpoch() >= cfg.earlyStop()) {
            return "early stop: no validation improvement for " + cfg.earlyStop() + " epochs";
        }
        return null;
    }

    /** One optimizer step on batch b of the epoch's order; returns the loss value. */
    private double trainStep(Dataset train, int[] order, int epoch, int b) {
        List<Sample> samples = new ArrayList<>();
        for (int i = b * cfg.batchSize(); i < Math.min(train.size(), (b + 1) * cfg.batchSize()); i++) {
            int idx = order[i];
            Sample s = augment.apply(train.get(idx), Rng.mix(cfg.seed(), epoch, idx, 1));
            if (cfg.crop() > 0) s = Geometry.randomCrop(s, cfg.crop(), cfg.crop(), Rng.mix(cfg.seed(), epoch, idx, 2));
            samples.add(Geometry.padToMultiple(s, inputMultiple));
        }
        Batch batch = stack(samples);
        Tensor x = Tensor.fromArray(batch.images(), batch.n(), batch.channels(), batch.h(), batch.w());
        float[] lab = new float[batch.labels().length];
        for (int i = 0; i < lab.length; i++) lab[i] = batch.labels()[i];
        Tensor y = Tensor.fromArray(lab, batch.n(), batch.h(), batch.w());
        try (Workspace.Scope ignored = workspace.open()) {
            optimizer.zeroGrad();
            // On a device: the batch and labels are its only uploads; the loss value its only download.
            Device dev = model.device();
            Tensor l = loss.fused(model.forward(x.to(dev)), y.to(dev));
            double v = l.item();
            if (!Double.isFinite(v)) {
                throw new NonFiniteLossException("loss is " + v + " at epoch " + (epoch + 1) + ", batch " + (b + 1)
                        + "; stopped, the last good checkpoint is kept (try a lower --lr)");
            }
            l.backward();
            if (cfg.clipNorm() > 0) GradClip.clipGradNorm(model.parameters(), cfg.clipNorm());
            optimizer.step();
            return v;
        }
    }

    private static Batch stack(List<Sample> samples) {
        Sample first = samples.get(0);
        for (Sample s : samples) {
            if (s.h() != first.h() || s.w() != first.w()) {
                throw new IllegalArgumentException("images of one batch differ in size (" + first.name() + " is " + first.h() + "x"
                        + first.w() + ", " + s.name() + " is " + s.h() + "x" + s.w() + "); train with --crop N or --batch-size 1");
            }
        }
        return Batch.of(samples);
    }

    private double lrOfEpoch(int epoch) {
        return scheduler == null ? cfg.lr() : scheduler.lrAt(epoch);
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }
}
