package org.segrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.data.Dataset;
import org.segrad.data.SyntheticCells;
import org.segrad.io.NdArray;
import org.segrad.io.Safetensors;
import org.segrad.io.SafetensorsFile;
import org.segrad.io.WriteBoundary;
import org.segrad.losses.Losses;
import org.segrad.nn.UNet;

/**
 * The crash contract of {@link Trainer#fit}: a run killed at ANY write boundary (before or after each atomic rename
 * of model, best and checkpoint, in every epoch) and then resumed ends with the same files as a run never killed:
 * {@code model} and {@code best} byte for byte, the checkpoint tensor for tensor with only the wall-time column of
 * its history excluded. Boundaries are enumerated, not sampled: kill k = 0, 1, … until a run gets through.
 */
class KillAtEveryWriteBoundaryTest {
    private static final Dataset TRAIN = SyntheticCells.defaults().withCount(6).withSize(16, 16).withSeed(3).generate();
    private static final Dataset VAL = SyntheticCells.defaults().withCount(3).withSize(16, 16).withSeed(4).generate();

    /** Stands for kill -9 at a boundary; carries no stack (it is not an error of the code under test). */
    static final class Kill extends RuntimeException {
        Kill() {
            super("killed at a write boundary", null, false, false);
        }
    }

    private static Trainer.Result run(TrainConfig cfg, Path out, boolean resume) throws IOException {
        UNet net = new UNet(1, 2, 4, 2, resume ? 999 : cfg.seed()); // a resumed run takes everything from the checkpoint
        return new Trainer(cfg, net, Losses.create(cfg.loss(), cfg.lossOptions()), null).fit(TRAIN, VAL, out, resume);
    }

    /** Runs with a hook that kills at the k-th boundary; returns whether it was killed. */
    private static boolean runKilledAt(TrainConfig cfg, Path out, int k) throws IOException {
        int[] seen = {0};
        WriteBoundary.install((target, phase) -> {
            if (seen[0]++ == k) throw new Kill();
        });
        try {
            run(cfg, out, false);
            return false;
        } catch (Kill expected) {
            return true;
        } finally {
            WriteBoundary.install(null);
        }
    }

    private static Trainer.Result checkEveryBoundary(TrainConfig cfg, Path dir, int minBoundaries) throws IOException {
        Path ref = dir.resolve("ref");
        Trainer.Result expected = run(cfg, ref, false);
        int k = 0;
        for (; ; k++) {
            Path out = dir.resolve("k" + k);
            if (!runKilledAt(cfg, out, k)) break;
            // What the CLI does: resume from the checkpoint if one was committed, else start over.
            Trainer.Result r = run(cfg, out, Files.exists(out.resolve(Trainer.CHECKPOINT)));
            String at = "killed at boundary " + k;
            assertEquals(withoutTimes(expected), withoutTimes(r), at);
            for (String f : new String[] {Trainer.MODEL, Trainer.BEST}) {
                assertArrayEquals(Files.readAllBytes(ref.resolve(f)), Files.readAllBytes(out.resolve(f)), at + ": " + f);
            }
            assertSameCheckpoint(ref.resolve(Trainer.CHECKPOINT), out.resolve(Trainer.CHECKPOINT), at);
        }
        assertTrue(k >= minBoundaries, "only " + k + " boundaries");
        return expected;
    }

    @Test
    void threeEpochsWithValidation(@TempDir Path dir) throws IOException {
        // 3 epochs × (model, best when improved, checkpoint) × (before, after the rename)
        checkEveryBoundary(new TrainConfig(4, 2, "ce", Map.of(), "adam", 1e-2, 0, 0.9, "poly", 3, 4, 0, 0, 0, 0, true, true, 7), dir, 14);
    }

    @Test
    void stepLimitInsideAnEpochAndEarlyStop(@TempDir Path dir) throws IOException {
        Trainer.Result steps = checkEveryBoundary(new TrainConfig(4, 2, "ce", Map.of(), "adam", 1e-2, 0, 0.9, "none", 4, 4, 3, 0, 0, 0,
                true, true, 7), dir.resolve("steps"), 6);
        assertEquals("reached --steps 3 in epoch 2", steps.stopReason());
        Trainer.Result early = checkEveryBoundary(new TrainConfig(4, 2, "ce", Map.of(), "adam", 0.5, 0, 0.9, "none", 6, 4, 0, 1, 0, 0,
                true, true, 7), dir.resolve("early"), 6);
        assertTrue(early.stopReason().startsWith("early stop") && early.history().size() < 6, early.stopReason());
    }

    private static Trainer.Result withoutTimes(Trainer.Result r) {
        List<EpochRecord> h = new ArrayList<>();
        for (EpochRecord e : r.history()) h.add(new EpochRecord(e.epoch(), e.steps(), e.trainLoss(), e.valLoss(), e.valMiou(), e.lr(), 0));
        return new Trainer.Result(h, r.bestMiou(), r.bestEpoch(), r.steps(), r.stopReason());
    }

    static void assertSameCheckpoint(Path a, Path b, String at) throws IOException {
        SafetensorsFile fa = Safetensors.read(a), fb = Safetensors.read(b);
        assertEquals(fa.metadata(), fb.metadata(), at);
        assertEquals(fa.tensors().keySet(), fb.tensors().keySet(), at);
        fa.tensors().forEach((k, t) -> {
            NdArray u = fb.tensor(k);
            if (k.equals("history")) {
                assertArrayEquals(t.shape(), u.shape(), at);
                double[] x = t.doubles().clone(), y = u.doubles().clone();
                for (int i = 6; i < x.length; i += 7) x[i] = y[i] = 0; // seconds: wall time
                assertArrayEquals(x, y, at + ": history");
            } else {
                assertEquals(t, u, at + ": " + k);
            }
        });
    }
}
