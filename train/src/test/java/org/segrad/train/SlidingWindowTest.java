package org.segrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.segrad.data.Sample;
import org.segrad.data.SyntheticCells;
import org.segrad.nn.BatchNorm2d;
import org.segrad.nn.Module;
import org.segrad.nn.UNet;

/**
 * Sliding-window inference: MONAI's window positions and Gaussian weights, bit-identical to whole-image inference
 * when one window covers the image, close to it and without seams when many do.
 */
class SlidingWindowTest {
    /** A U-Net with running statistics away from 0/1 (an untrained network would have eval = identity BN). */
    static UNet model(int depth) {
        UNet net = new UNet(1, 2, 4, depth, 21);
        java.util.SplittableRandom r = new java.util.SplittableRandom(21);
        for (Module m : net.namedModules().values()) {
            if (m instanceof BatchNorm2d bn) {
                for (int c = 0; c < bn.runningMean().numel(); c++) {
                    bn.runningMean().set(c, r.nextDouble(-0.2, 0.2));
                    bn.runningVar().set(c, r.nextDouble(0.05, 0.5));
                }
            }
        }
        return net;
    }

    private static Sample cells(int size, long seed) {
        return SyntheticCells.defaults().withCount(1).withSize(size, size).withSeed(seed).generate().get(0);
    }

    @Test
    void windowStartsFollowMonai() {
        assertArrayEquals(new int[] {0, 32, 64, 96, 128}, SlidingWindow.starts(192, 64, 0.5));
        assertArrayEquals(new int[] {0, 48, 96, 100}, SlidingWindow.starts(164, 64, 0.25)); // last window shifted back
        assertArrayEquals(new int[] {0}, SlidingWindow.starts(64, 64, 0.5));
        assertArrayEquals(new int[] {0, 1, 2}, SlidingWindow.starts(10, 8, 0.99)); // stride at least 1
    }

    @Test
    void importanceMapIsAGaussianOfSigmaAnEighthOfTheWindow() {
        float[] g = SlidingWindow.importanceMap(64, 32);
        assertEquals(1f, g[32 * 32 + 16]); // centre ⌊T/2⌋
        double sr = 0.125 * 64, sc = 0.125 * 32;
        assertEquals(Math.exp(-25 / (2 * sr * sr)) * Math.exp(-9 / (2 * sc * sc)), g[(32 + 5) * 32 + 16 - 3], 1e-6);
        float min = Float.MAX_VALUE;
        for (float v : g) min = Math.min(min, v);
        assertTrue(min > 0, "every weight > 0 (zeros beyond 3σ raised to the smallest non-zero weight)");
    }

    @Test
    void anImageThatFitsOneWindowIsPredictedBitIdentically() {
        UNet net = model(3);
        Inference whole = new Inference(net);
        for (int size : new int[] {30, 32}) {
            Sample s = cells(size, 4);
            Prediction a = whole.predict(s);
            for (int tile : new int[] {32, 64}) {
                Prediction b = whole.withWindow(new SlidingWindow(tile, 0.5)).predict(s);
                assertArrayEquals(a.labels(), b.labels(), "size " + size + " tile " + tile);
                assertArrayEquals(a.probabilities(), b.probabilities(), "size " + size + " tile " + tile);
            }
        }
    }

    @Test
    void aTileThatIsNoMultipleOfTheModelsIsRefusedNamingTheFlag() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Inference(model(3), 4, new SlidingWindow(30, 0.5)));
        assertTrue(e.getMessage().contains("--tile") && e.getMessage().contains("30"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SlidingWindow(32, 1.0));
    }

    /** Mean |D(x) − D(x − 1)| along rows over the columns in (or, {@code inside} false, not in) {@code cols}. */
    private static double meanJump(float[] d, int h, int w, Set<Integer> cols, boolean inside) {
        double sum = 0;
        long n = 0;
        for (int c = 1; c < w; c++) {
            if (cols.contains(c) != inside) continue;
            for (int r = 0; r < h; r++) {
                sum += Math.abs(d[r * w + c] - d[r * w + c - 1]);
                n++;
            }
        }
        return sum / n;
    }

    /** Shifts the head's class-1 bias so that half of the pixels of {@code s} are class 1 (a hard case: boundaries everywhere). */
    private static void balance(UNet net, Sample s) {
        float[] p1 = new Inference(net).predict(s).probabilityMap(1);
        float[] sorted = p1.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        org.segrad.autodiff.Tensor b = net.namedParameters().get("head.bias").data();
        b.set(1, b.get(1) - Math.log(median / (1 - median)));
    }

    @Test
    void tiledAgreesWithWholeImageAndHasNoSeams() {
        UNet net = model(3);
        int size = 200, tile = 48;
        Sample s = cells(size, 8);
        balance(net, s);
        Prediction whole = new Inference(net).predict(s);
        int ones = 0;
        for (int v : whole.labels()) ones += v;
        assertTrue(ones > 0.3 * whole.labels().length && ones < 0.7 * whole.labels().length, "class 1 share " + ones);
        for (double overlap : new double[] {0.5, 0.0}) {
            Prediction tiled = new Inference(net).withWindow(new SlidingWindow(tile, overlap)).predict(s);
            int agree = 0;
            for (int i = 0; i < whole.labels().length; i++) agree += whole.labels()[i] == tiled.labels()[i] ? 1 : 0;
            double agreement = agree / (double) whole.labels().length;
            float[] d = tiled.probabilityMap(1), pw = whole.probabilityMap(1);
            for (int i = 0; i < d.length; i++) d[i] -= pw[i];
            Set<Integer> borders = new TreeSet<>();
            for (int st : SlidingWindow.starts(size, tile, overlap)) {
                borders.add(st);
                borders.add(st + tile);
            }
            // A seam is a step that tiling adds where a window ends: measured against the image's own pixel-to-pixel change.
            double seam = meanJump(d, size, size, borders, true) / meanJump(pw, size, size, borders, false);
            System.out.printf("overlap %.2f: label agreement with whole-image %.5f, step added at window borders / natural step %.4f%n",
                    overlap, agreement, seam);
            if (overlap > 0) {
                assertTrue(agreement > 0.99, "agreement " + agreement);
                assertTrue(seam < 0.05, "seam at window borders: " + seam + " of the natural pixel-to-pixel change");
            } else {
                assertTrue(seam > 0.05, "abutting windows without blending do show seams (the measure can see them): " + seam);
            }
        }
    }
}
