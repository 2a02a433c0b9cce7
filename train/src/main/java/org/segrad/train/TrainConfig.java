package org.segrad.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.segrad.nn.optim.LrScheduler;
import org.segrad.nn.optim.Optimizers;

/**
 * Everything that decides a training run. Defaults are those of {@code segrad train}: unet-small (base 16,
 * depth 4), Adam lr 1e-3, poly schedule, batch 4, CAML loss, augmentation and shuffling on.
 *
 * @param steps        stop after this many optimizer steps in total (0 = no limit)
 * @param earlyStop    stop when validation mIoU has not improved for this many epochs (0 = never)
 * @param crop         train on random crops of this side (0 = whole images)
 * @param clipNorm     clip the global gradient norm to this value (0 = no clipping)
 * @param lossOptions  options of the loss, as {@code Losses.create} takes them
 */
public record TrainConfig(int base, int depth, String loss, Map<String, String> lossOptions, String optimizer, double lr,
                          double weightDecay, double momentum, String schedule, int epochs, int batchSize, int steps,
                          int earlyStop, int crop, double clipNorm, boolean augment, boolean shuffle, long seed) {

    public TrainConfig {
        lossOptions = Map.copyOf(lossOptions);
        positive("--base", base);
        positive("--depth", depth);
        positive("--epochs", epochs);
        positive("--batch-size", batchSize);
        nonNegative("--steps", steps);
        nonNegative("--early-stop", earlyStop);
        nonNegative("--crop", crop);
        if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("--weight-decay must be >= 0, got " + weightDecay);
        if (!(clipNorm >= 0)) throw new IllegalArgumentException("--clip-norm must be >= 0, got " + clipNorm);
        Optimizers.named(optimizer, lr, weightDecay, momentum); // validates the name
        LrScheduler.named(schedule);
        int multiple = 1 << (depth - 1);
        if (crop > 0 && crop % multiple != 0) {
            throw new IllegalArgumentException("--crop must be a multiple of 2^(depth-1) = " + multiple + ", got " + crop);
        }
    }

    /** The optimizer this configuration names ({@link Optimizers#named}). */
    public Optimizers.Factory optimizerFactory() {
        return Optimizers.named(optimizer, lr, weightDecay, momentum);
    }

    /** The learning-rate schedule this configuration names ({@link LrScheduler#named}). */
    public LrScheduler.Factory scheduleFactory() {
        return LrScheduler.named(schedule);
    }

    public static TrainConfig defaults() {
        return new TrainConfig(16, 4, "caml", Map.of(), "adam", 1e-3, 0, 0.9, "poly", 20, 4, 0, 0, 0, 0, true, true, 1);
    }

    public TrainConfig withLoss(String name, Map<String, String> options) {
        return new TrainConfig(base, depth, name, options, optimizer, lr, weightDecay, momentum, schedule, epochs, batchSize, steps,
                earlyStop, crop, clipNorm, augment, shuffle, seed);
    }

    public TrainConfig withEpochs(int e) {
        return new TrainConfig(base, depth, loss, lossOptions, optimizer, lr, weightDecay, momentum, schedule, e, batchSize, steps,
                earlyStop, crop, clipNorm, augment, shuffle, seed);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(base, depth, loss, lossOptions, optimizer, lr, weightDecay, momentum, schedule, epochs, batchSize, steps,
                earlyStop, crop, clipNorm, augment, shuffle, s);
    }

    public TrainConfig withSteps(int s) {
        return new TrainConfig(base, depth, loss, lossOptions, optimizer, lr, weightDecay, momentum, schedule, epochs, batchSize, s,
                earlyStop, crop, clipNorm, augment, shuffle, seed);
    }

    /** The configuration as ordered key/value strings (for config.json). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", "unet");
        m.put("base", base);
        m.put("depth", depth);
        m.put("loss", loss);
        m.put("loss_options", new java.util.TreeMap<>(lossOptions));
        m.put("optimizer", optimizer);
        m.put("lr", lr);
        m.put("weight_decay", weightDecay);
        m.put("momentum", momentum);
        m.put("schedule", schedule);
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("steps", steps);
        m.put("early_stop", earlyStop);
        m.put("crop", crop);
        m.put("clip_norm", clipNorm);
        m.put("augment", augment);
        m.put("shuffle", shuffle);
        m.put("seed", seed);
        return m;
    }

    private static void positive(String name, int v) {
        if (v < 1) throw new IllegalArgumentException(name + " must be >= 1, got " + v);
    }

    private static void nonNegative(String name, int v) {
        if (v < 0) throw new IllegalArgumentException(name + " must be >= 0, got " + v);
    }
}
