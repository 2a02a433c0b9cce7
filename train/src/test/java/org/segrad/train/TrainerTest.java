package org.segrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.segrad.autodiff.Tensor;
import org.segrad.losses.Losses;
import org.segrad.nn.UNet;
import org.segrad.data.Dataset;
import org.segrad.data.InMemoryDataset;
import org.segrad.data.Sample;
import org.segrad.data.SyntheticCells;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop: it learns, its checkpoints round-trip, resume is exact, a NaN stops it cleanly. */
class TrainerTest {
    private static final Dataset CELLS = SyntheticCells.defaults().withCount(8).withSize(16, 16).withSeed(3).generate();

    private static TrainConfig tiny(int epochs) {
        return new TrainConfig(4, 2, "ce", Map.of(), "adam", 1e-2, 0, 0.9, "none", epochs, 4, 0, 0, 0, 0, true, true, 7);
    }

    private static Trainer.Result train(TrainConfig cfg, UNet net, Dataset train, Dataset val, Path out, boolean resume,
                                        List<Double> losses) throws Exception {
        TrainingListener record = new TrainingListener() {
            @Override
            public void stepDone(int epoch, int batch, double loss, double running) {
                losses.add(loss);
            }
        };
        return new Trainer(cfg, net, Losses.create(cfg.loss(), cfg.lossOptions()), record).fit(train, val, out, resume);
    }

    @Test
    void lossDecreasesAndCheckpointRoundTrips(@TempDir Path dir) throws Exception {
        TrainConfig cfg = new TrainConfig(4, 2, "ce", Map.of(), "adam", 1e-2, 0, 0.9, "none", 15, 4, 0, 0, 0, 0, false, false, 7);
        UNet net = new UNet(1, 2, 4, 2, 7);
        List<Double> losses = new ArrayList<>();
        Trainer.Result r = train(cfg, net, CELLS, CELLS, dir, false, losses);
        assertEquals(30, r.steps());
        double first = (losses.get(0) + losses.get(1)) / 2, last = (losses.get(28) + losses.get(29)) / 2;
        assertTrue(last < 0.7 * first, "loss went from " + first + " to " + last);
        assertTrue(r.bestMiou() > 0.3, "best val mIoU " + r.bestMiou());
        for (String f : new String[] {Trainer.CHECKPOINT, Trainer.MODEL, Trainer.BEST}) assertTrue(Files.exists(dir.resolve(f)), f);
        UNet loaded = new UNet(1, 2, 4, 2, 99);
        loaded.load(dir.resolve(Trainer.MODEL));
        assertEquals(net.stateDict().keySet(), loaded.stateDict().keySet());
        net.stateDict().forEach((k, t) -> assertArrayEquals(t.toDoubleArray(), loaded.stateDict().get(k).toDoubleArray(), k));
        Sample s = CELLS.get(0);
        assertArrayEquals(new Segmenter(net).predict(s), new Segmenter(loaded).predict(s));
    }

    @Test
    void twoEpochsEqualOneEpochResumeOneEpoch(@TempDir Path dir) throws Exception {
        UNet straight = new UNet(1, 2, 4, 2, 7);
        train(tiny(2), straight, CELLS, CELLS, dir.resolve("a"), false, new ArrayList<>());

        UNet first = new UNet(1, 2, 4, 2, 7);
        train(tiny(1), first, CELLS, CELLS, dir.resolve("b"), false, new ArrayList<>());
        UNet resumed = new UNet(1, 2, 4, 2, 12345);   // different init: everything must come from the checkpoint
        Trainer.Result r = train(tiny(2), resumed, CELLS, CELLS, dir.resolve("b"), true, new ArrayList<>());
        assertEquals(2, r.history().size());
        assertSameWeights(straight, resumed);
    }

    @Test
    void resumeAfterStepLimitInsideAnEpochIsExact(@TempDir Path dir) throws Exception {
        UNet straight = new UNet(1, 2, 4, 2, 7);
        train(tiny(2), straight, CELLS, CELLS, dir.resolve("a"), false, new ArrayList<>());

        UNet part = new UNet(1, 2, 4, 2, 7);
        Trainer.Result stopped = train(tiny(2).withSteps(3), part, CELLS, CELLS, dir.resolve("b"), false, new ArrayList<>());
        assertEquals(3, stopped.steps());
        assertTrue(stopped.stopReason().contains("--steps 3"), stopped.stopReason());
        UNet resumed = new UNet(1, 2, 4, 2, 1);
        Trainer.Result r = train(tiny(2), resumed, CELLS, CELLS, dir.resolve("b"), true, new ArrayList<>());
        assertEquals(4, r.steps());
        assertSameWeights(straight, resumed);
    }

    @Test
    void nonFiniteLossStopsAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        UNet net = new UNet(1, 2, 4, 2, 7);
        train(tiny(1), net, CELLS, CELLS, dir, false, new ArrayList<>());
        byte[] before = Files.readAllBytes(dir.resolve(Trainer.CHECKPOINT));
        List<Sample> poisoned = new ArrayList<>();
        for (Sample s : CELLS.samples()) {
            float[] img = s.image().clone();
            img[5] = Float.NaN;
            poisoned.add(new Sample(img, s.channels(), s.h(), s.w(), s.mask(), s.name()));
        }
        Dataset bad = new InMemoryDataset("poisoned", 2, poisoned);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                () -> train(tiny(2), new UNet(1, 2, 4, 2, 7), bad, CELLS, dir, true, new ArrayList<>()));
        assertTrue(e.getMessage().contains("loss is NaN at epoch 2"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve(Trainer.CHECKPOINT)), "checkpoint untouched");
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void resumeWithoutCheckpointIsAClearError(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> train(tiny(1), new UNet(1, 2, 4, 2, 7), CELLS, CELLS, dir, true, new ArrayList<>()));
        assertTrue(e.getMessage().startsWith("--resume: no checkpoint at"), e.getMessage());
    }

    @Test
    void configRejectsBadValuesNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainConfig(4, 3, "ce", Map.of(), "adam", 1e-3, 0, 0.9, "none", 1, 4, 0, 0, 6, 0, true, true, 1));
        assertEquals("--crop must be a multiple of 2^(depth-1) = 4, got 6", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new TrainConfig(4, 3, "ce", Map.of(), "rmsprop", 1e-3, 0, 0.9, "none", 1, 4, 0, 0, 0, 0, true, true, 1));
        assertEquals("--optimizer must be adam, adamw or sgd, got 'rmsprop'", e.getMessage());
    }

    /**
     * Resume must restore everything a step depends on. Bit-identical weights are what we see in almost every run;
     * once in about eight full-suite runs on a loaded machine a single float32 weight came out one ulp apart (cause
     * not found yet: not JIT tiers — -Xint and 40 warm repetitions agree bit for bit). So the law checked here is
     * agreement to 1e-6 of each tensor's scale, which a missing piece of state (optimizer moments, step count,
     * running statistics, data position) breaks by orders of magnitude.
     */
    private static void assertSameWeights(UNet a, UNet b) {
        Map<String, Tensor> sa = a.stateDict(), sb = b.stateDict();
        assertEquals(sa.keySet(), sb.keySet());
        sa.forEach((k, t) -> {
            double[] x = t.toDoubleArray(), y = sb.get(k).toDoubleArray();
            double scale = 0, diff = 0;
            for (int i = 0; i < x.length; i++) {
                scale = Math.max(scale, Math.abs(x[i]));
                diff = Math.max(diff, Math.abs(x[i] - y[i]));
            }
            assertTrue(diff <= 1e-6 * Math.max(scale, 1e-30), k + " differs by " + diff + " (scale " + scale + ")");
        });
    }

    @Test
    void resumeWithoutOptimizerStateWouldBeCaught(@TempDir Path dir) throws Exception {
        // The control for the tolerance above: two epochs of steps where the second Trainer starts without the saved
        // state (fresh Adam moments and step count, data order of epoch 1 again) must fail it.
        UNet straight = new UNet(1, 2, 4, 2, 7);
        train(tiny(2), straight, CELLS, CELLS, dir.resolve("a"), false, new ArrayList<>());
        UNet first = new UNet(1, 2, 4, 2, 7);
        train(tiny(1), first, CELLS, CELLS, dir.resolve("b"), false, new ArrayList<>());
        Trainer fresh = new Trainer(tiny(1), first, Losses.create("ce", Map.of()), null);
        fresh.fit(CELLS, CELLS, dir.resolve("c"), false);
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> assertSameWeights(straight, first));
        assertTrue(e.getMessage().contains("differs by"), e.getMessage());
    }
}
