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
        try {
            return new Progress(Integer.parseInt(meta.get("epochs_done")), Integer.parseInt(meta.get("batches_in_epoch")),
                    Integer.parseInt(meta.get("global_step")), Double.parseDouble(meta.get("best_miou")),
                    Integer.parseInt(meta.get("best_epoch")), history);
        } catch (RuntimeException e) {
            throw new IOException(file + ": bad training-checkpoint metadata " + meta, e);
        }
    }
}
