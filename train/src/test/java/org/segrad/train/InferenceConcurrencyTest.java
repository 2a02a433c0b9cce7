package org.segrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.autodiff.Tensor;
import org.segrad.data.Dataset;
import org.segrad.data.Sample;
import org.segrad.data.SyntheticCells;
import org.segrad.losses.Losses;
import org.segrad.nn.BatchNorm2d;
import org.segrad.nn.Module;
import org.segrad.nn.UNet;

/**
 * One model serving many threads: concurrent inference equals sequential inference bit for bit, leaves every model
 * tensor and the train/eval flag as they were, and neither disturbs nor is disturbed by training on another copy.
 */
class InferenceConcurrencyTest {
    private static final Dataset IMAGES = SyntheticCells.defaults().withCount(24).withSize(24, 24).withSeed(5).generate();

    /** A U-Net whose BatchNorm running statistics are far from their initial 0/1, so eval ≠ train mode. */
    private static UNet modelWithRunningStats(long seed) {
        UNet net = new UNet(1, 2, 4, 2, seed);
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (Module m : net.namedModules().values()) {
            if (m instanceof BatchNorm2d bn) {
                for (int c = 0; c < bn.runningMean().numel(); c++) {
                    bn.runningMean().set(c, r.nextDouble(-0.5, 0.5));
                    bn.runningVar().set(c, r.nextDouble(0.2, 3));
                }
            }
        }
        return net;
    }

    private static Map<String, double[]> snapshot(Module m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, t) -> out.put(k, t.toDoubleArray()));
        return out;
    }

    private static void assertSameState(Map<String, double[]> expected, Module m) {
        Map<String, double[]> now = snapshot(m);
        assertEquals(expected.keySet(), now.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, now.get(k), k));
    }

    private static List<Prediction> sequential(Inference inf, Dataset ds) {
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < ds.size(); i++) out.add(inf.predict(ds.get(i)));
        return out;
    }

    private static void assertSamePrediction(Prediction expected, Prediction got, String what) {
        assertArrayEquals(expected.labels(), got.labels(), what + " labels");
        assertArrayEquals(expected.probabilities(), got.probabilities(), what + " probabilities");
    }

    @Test
    void eightThreadsEqualSequentialBitForBitAndLeaveTheModelUntouched() throws Exception {
        UNet net = modelWithRunningStats(11);
        net.train(); // the shared flag says "training": inference must neither need nor change it
        Map<String, double[]> before = snapshot(net);
        Inference inf = new Inference(net);
        List<Prediction> expected = sequential(inf, IMAGES);
        assertSameState(before, net);

        int threads = 8, rounds = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int offset = t;
                done.add(pool.submit(() -> {
                    int checked = 0;
                    for (int round = 0; round < rounds; round++) {
                        for (int j = 0; j < IMAGES.size(); j++) {
                            int i = (j * 7 + offset * 5 + round) % IMAGES.size(); // every thread in its own order
                            assertSamePrediction(expected.get(i), inf.predict(IMAGES.get(i)), "image " + i);
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) total += f.get();
            assertEquals(threads * rounds * IMAGES.size(), total);
        } finally {
            pool.shutdownNow();
        }
        assertSameState(before, net);
        assertTrue(net.trainingFlag(), "the model's own train/eval flag is left as it was");
    }

    @Test
    void inferenceEqualsAnEvalModeForward() {
        UNet net = modelWithRunningStats(3);
        Sample s = IMAGES.get(0);
        Prediction p = new Inference(net).predict(s);
        net.eval();
        try (org.segrad.autodiff.Autograd.NoGrad ignored = org.segrad.autodiff.Autograd.noGrad()) {
            Tensor logits = net.forward(Tensor.fromArray(s.image().clone(), 1, 1, s.h(), s.w()));
            assertArrayEquals(org.segrad.losses.metrics.Predictions.argmax(logits), p.labels());
            int hw = s.h() * s.w();
            for (int i = 0; i < hw; i++) {
                double z0 = logits.get(i), z1 = logits.get(hw + i);
                assertEquals(1 / (1 + Math.exp(z0 - z1)), p.probabilities()[hw + i], 1e-6);
                assertEquals(1.0, p.probabilities()[i] + p.probabilities()[hw + i], 1e-6);
            }
        }
    }

    @Test
    void trainingOneCopyAndServingAnotherDoNotInterfere(@TempDir Path dir) throws Exception {
        TrainConfig cfg = new TrainConfig(4, 2, "ce", Map.of(), "adam", 1e-2, 0, 0.9, "none", 3, 4, 0, 0, 0, 0, true, true, 7);
        Dataset train = SyntheticCells.defaults().withCount(8).withSize(16, 16).withSeed(3).generate();

        UNet alone = new UNet(1, 2, 4, 2, 7);
        new Trainer(cfg, alone, Losses.create("ce", Map.of()), new TrainingListener() {}).fit(train, train, dir.resolve("alone"), false);

        UNet served = modelWithRunningStats(11);
        Map<String, double[]> servedBefore = snapshot(served);
        Inference inf = new Inference(served);
        List<Prediction> expected = sequential(inf, IMAGES);

        UNet trained = new UNet(1, 2, 4, 2, 7);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            Callable<Object> training = () -> new Trainer(cfg, trained, Losses.create("ce", Map.of()), new TrainingListener() {})
                    .fit(train, train, dir.resolve("concurrent"), false);
            Future<Object> trainingDone = pool.submit(training);
            List<Future<?>> serving = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                serving.add(pool.submit(() -> {
                    while (!trainingDone.isDone()) {
                        for (int i = 0; i < IMAGES.size(); i++) assertSamePrediction(expected.get(i), inf.predict(IMAGES.get(i)), "image " + i);
                    }
                    for (int i = 0; i < IMAGES.size(); i++) assertSamePrediction(expected.get(i), inf.predict(IMAGES.get(i)), "image " + i);
                    return null;
                }));
            }
            trainingDone.get();
            for (Future<?> f : serving) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertSameState(snapshot(alone), trained);
        assertSameState(servedBefore, served);
    }
}
