package org.segrad.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segrad.autodiff.Tensor;
import org.segrad.io.NdArray;
import org.segrad.autodiff.TensorArrays;
import org.segrad.nn.Checkpoints;
import org.segrad.nn.Module;
import org.segrad.io.Safetensors;
import org.segrad.io.SafetensorsFile;
import org.segrad.nn.optim.Optimizer;

/**
 * Everything {@code --resume} needs, in ONE safetensors file written atomically (so model and optimizer can never
 * be from different steps): {@code model.*} (the state dict), {@code optim.*} (the optimizer's state dict),
 * {@code history} ([epochs, 7] float64: epoch, steps, train loss, val loss, val mIoU, lr, seconds; files of
 * earlier versions have 6 columns, without val loss, and load with val loss NaN) and metadata with the counters. Data order and augmentation are pure functions of (seed, epoch, index), so no RNG state is stored.
 */
public final class TrainCheckpoint {
    private static final String FORMAT = "segrad-train-checkpoint-1";
    private static final int COLUMNS = 7;

    /** Where training stands: epochs fully done, batches done in the current epoch, optimizer steps, best so far. */
    public record Progress(int epochsDone, int batchesInEpoch, int globalStep, double bestMiou, int bestEpoch,
                           List<EpochRecord> history) {
        public static Progress start() {
            return new Progress(0, 0, 0, Double.NEGATIVE_INFINITY, -1, List.of());
        }
    }

    private TrainCheckpoint() {}

    public static void save(Path file, Module model, Optimizer optimizer, Progress p) throws IOException {
        save(file, model, optimizer, p, Map.of());
    }

    /** Saves with extra metadata (the {@link ModelCard} under "segrad"). */
    public static void save(Path file, Module model, Optimizer optimizer, Progress p, Map<String, String> extra)
            throws IOException {
        LinkedHashMap<String, NdArray> arrays = new LinkedHashMap<>();
        Checkpoints.arrays(model).forEach((k, a) -> arrays.put("model." + k, a));
        optimizer.stateDict().forEach((k, t) -> arrays.put("optim." + k, TensorArrays.toNdArray(t)));
        double[] h = new double[p.history().size() * COLUMNS];
        for (int i = 0; i < p.history().size(); i++) {
            EpochRecord r = p.history().get(i);
            double[] row = {r.epoch(), r.steps(), r.trainLoss(), r.valLoss(), r.valMiou(), r.lr(), r.seconds()};
            System.arraycopy(row, 0, h, COLUMNS * i, COLUMNS);
        }
        arrays.put("history", NdArray.ofDoubles(h, p.history().size(), COLUMNS));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("epochs_done", Integer.toString(p.epochsDone()));
        meta.put("batches_in_epoch", Integer.toString(p.batchesInEpoch()));
        meta.put("global_step", Integer.toString(p.globalStep()));
        meta.put("best_miou", Double.toString(p.bestMiou()));
        meta.put("best_epoch", Integer.toString(p.bestEpoch()));
        meta.putAll(extra);
        Safetensors.write(file, arrays, meta);
    }

    /** Restores model and optimizer in place and returns the progress. */
    public static Progress load(Path file, Module model, Optimizer optimizer) throws IOException {
        SafetensorsFile f = Safetensors.read(file);
        Map<String, String> meta = f.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IOException(file + " is not a segrad training checkpoint (format = " + meta.get("format") + ", expected "
                    + FORMAT + ")");
        }
        LinkedHashMap<String, NdArray> modelArrays = new LinkedHashMap<>();
        LinkedHashMap<String, Tensor> optim = new LinkedHashMap<>();
        f.tensors().forEach((k, a) -> {
            if (k.startsWith("model.")) modelArrays.put(k.substring(6), a);
            else if (k.startsWith("optim.")) optim.put(k.substring(6), TensorArrays.toTensor(a));
        });
        Checkpoints.load(model, modelArrays, true, file.toString());
        optimizer.loadStateDict(optim);
        NdArray hist = f.tensor("history");
        double[] h = hist.doubles();
        int cols = hist.shape().length == 2 ? (int) hist.shape()[1] : -1;
        if (cols != COLUMNS && cols != 6) {
            throw new IOException(file + ": history must have shape [epochs, 7] (or [epochs, 6] before val loss), got "
                    + java.util.Arrays.toString(hist.shape()));
        }
        List<EpochRecord> history = new ArrayList<>();
        for (int i = 0; i + cols - 1 < h.length; i += cols) {
            if (cols == COLUMNS) {
                history.add(new EpochRecord((int) h[i], (int) h[i + 1], h[i + 2], h[i + 3], h[i + 4], h[i + 5], h[i + 6]));
            } else {
                history.add(new EpochRecord((int) h[i], (int) h[i + 1], h[i + 2], Double.NaN, h[i + 3], h[i + 4], h[i + 5]));
            }
        }
        Progress p;
        try {
            p = new Progress(Integer.parseInt(meta.get("epochs_done")), Integer.parseInt(meta.get("batches_in_epoch")),
                    Integer.parseInt(meta.get("global_step")), Double.parseDouble(meta.get("best_miou")),
                    Integer.parseInt(meta.get("best_epoch")), history);
        } catch (RuntimeException e) {
            throw new IOException(file + ": bad training-checkpoint metadata " + counters(meta), e);
        }
        String bad = check(p);
        if (bad != null) {
            throw new IOException("--resume: checkpoint " + file + " has " + bad + "; it is damaged or not segrad's");
        }
        return p;
    }

    /** The counters of a checkpoint's metadata, for messages (not the model card). */
    private static Map<String, String> counters(Map<String, String> meta) {
        Map<String, String> m = new java.util.TreeMap<>(meta);
        m.remove(ModelCard.KEY);
        return m;
    }

    /**
     * Why the counters are impossible, or null: epochs_done, batches_in_epoch, global_step ≥ 0, the history has one
     * row per epoch done, best_epoch in −1..epochs_done, and the steps cover the epochs done.
     */
    static String check(Progress p) {
        if (p.epochsDone() < 0) return "epochs_done = " + p.epochsDone() + " (must be >= 0)";
        if (p.batchesInEpoch() < 0) return "batches_in_epoch = " + p.batchesInEpoch() + " (must be >= 0)";
        if (p.globalStep() < 0) return "global_step = " + p.globalStep() + " (must be >= 0)";
        if (p.bestEpoch() < -1 || p.bestEpoch() > p.epochsDone()) {
            return "best_epoch = " + p.bestEpoch() + " (must be in -1.." + p.epochsDone() + ")";
        }
        if (p.history().size() != p.epochsDone()) {
            return p.history().size() + " history rows for epochs_done = " + p.epochsDone();
        }
        if (p.globalStep() < p.epochsDone() + (p.batchesInEpoch() > 0 ? 1 : 0)) {
            return "global_step = " + p.globalStep() + " fewer than the epochs and batches done";
        }
        return null;
    }
}
