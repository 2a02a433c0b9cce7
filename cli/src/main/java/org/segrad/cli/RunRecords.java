package org.segrad.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.segrad.train.EpochRecord;
import org.segrad.train.TrainCheckpoint;
import org.segrad.train.BuildInfo;

/**
 * The readable records of a training run, each rewritten atomically after every epoch (and once when a resumed run
 * starts, from its checkpoint): {@code config.json} (the configuration and what ran it, see {@link BuildInfo}),
 * {@code metrics.csv} and {@code metrics.json} (one row per epoch: steps, train loss, val loss, val mIoU, lr,
 * seconds; best epoch; {@code "status": "running"} until the run ends, then {@code "finished"} with the stop reason
 * and the test report) and the curves {@code loss.png}, {@code miou.png}, {@code lr.png} (see {@link Charts}).
 *
 * <p>Everything but the wall times ({@code seconds}) is a function of the checkpoint's state, so a resumed run
 * rewrites the same bytes an uninterrupted one writes.
 */
final class RunRecords {
    static final String CONFIG = "config.json", CSV = "metrics.csv", JSON = "metrics.json";
    static final String LOSS_PNG = "loss.png", MIOU_PNG = "miou.png", LR_PNG = "lr.png";

    private final Path out;
    private final Map<String, Object> config;

    RunRecords(Path out, Map<String, Object> config) {
        this.out = out;
        this.config = new LinkedHashMap<>(config);
        this.config.put("environment", BuildInfo.describe());
    }

    /** The records of a run in progress, from its committed state. */
    void epoch(TrainCheckpoint.Progress p) throws IOException {
        write(p.history(), p.globalStep(), p.bestMiou(), p.bestEpoch(), null, null, Double.NaN);
    }

    /** The final records: stop reason, test report (null without a test split) and this invocation's seconds. */
    void finish(List<EpochRecord> history, int steps, double bestMiou, int bestEpoch, String stopReason, Map<String, Object> test,
                double seconds) throws IOException {
        write(history, steps, bestMiou, bestEpoch, stopReason, test, seconds);
    }

    private void write(List<EpochRecord> history, int steps, double bestMiou, int bestEpoch, String stopReason, Map<String, Object> test,
                       double seconds) throws IOException {
        OutputFiles.writeText(out.resolve(CONFIG), Json.write(config) + "\n");
        StringBuilder csv = new StringBuilder("epoch,steps,train_loss,val_loss,val_miou,lr,seconds\n");
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (EpochRecord e : history) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f,%.6g,%.2f%n", e.epoch(), e.steps(), e.trainLoss(), e.valLoss(),
                    e.valMiou(), e.lr(), e.seconds()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", e.epoch());
            m.put("steps", e.steps());
            m.put("train_loss", e.trainLoss());
            m.put("val_loss", e.valLoss());
            m.put("val_miou", e.valMiou());
            m.put("lr", e.lr());
            m.put("best", e.epoch() == bestEpoch);
            m.put("seconds", e.seconds());
            epochs.add(m);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("status", stopReason == null ? "running" : "finished");
        metrics.put("stop_reason", stopReason);
        metrics.put("steps", steps);
        metrics.put("seconds", stopReason == null ? null : seconds);
        metrics.put("best_val_miou", bestEpoch > 0 ? bestMiou : null);
        metrics.put("best_epoch", bestEpoch > 0 ? bestEpoch : null);
        metrics.put("test", test);
        metrics.put("epochs", epochs);
        OutputFiles.writeText(out.resolve(CSV), csv.toString());
        OutputFiles.writeText(out.resolve(JSON), Json.write(metrics) + "\n");
        Charts.curves(out.resolve(LOSS_PNG), out.resolve(MIOU_PNG), out.resolve(LR_PNG), history, bestEpoch);
    }
}
