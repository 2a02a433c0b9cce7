package org.segrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;

class LayersTest {
    static double maxAbs(Tensor t) {
        double m = 0;
        for (int i = 0; i < t.numel(); i++) m = Math.max(m, Math.abs(t.get(i)));
        return m;
    }

    static double meanSquare(Tensor t) {
        double s = 0;
        for (int i = 0; i < t.numel(); i++) s += t.get(i) * t.get(i);
        return s / t.numel();
    }

    @Test
    void convInitIsPyTorchsKaimingUniformWithASqrt5() {
        Conv2d c = new Conv2d(8, 16, 3, 1, true, new SplittableRandom(3));
        double bound = 1 / Math.sqrt(8 * 9);
        assertTrue(maxAbs(c.weight().data()) <= bound && maxAbs(c.weight().data()) > 0.95 * bound);
        assertEquals(bound * bound / 3, meanSquare(c.weight().data()), 0.1 * bound * bound / 3, "variance of U(±b) is b²/3");
        assertTrue(maxAbs(c.bias().data()) <= bound);
        // ConvTranspose2d: PyTorch's fan-in is weight.shape[1]·k² = out·k².
        ConvTranspose2d t = new ConvTranspose2d(16, 8, 2, 2, true, new SplittableRandom(3));
        double tb = 1 / Math.sqrt(8 * 4);
        assertTrue(maxAbs(t.weight().data()) <= tb && maxAbs(t.weight().data()) > 0.9 * tb);
        assertTrue(maxAbs(t.bias().data()) <= tb);
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        var a = new UNet(1, 2, 2, 2, 11).stateDict();
        var b = new UNet(1, 2, 2, 2, 11).stateDict();
        var c = new UNet(1, 2, 2, 2, 12).stateDict();
        a.forEach((k, v) -> assertArrayEquals(v.toDoubleArray(), b.get(k).toDoubleArray(), k));
        assertNotEquals(a.get("down.0.0.weight").get(0), c.get("down.0.0.weight").get(0));
    }

    @Test
    void batchNormCountsTrainingBatchesAndUsesRunningStatsInEval() {
        BatchNorm2d bn = new BatchNorm2d(2);
        Tensor x = Tensor.normal(DType.FLOAT32, 1, 3, 2, 4, 2, 3, 3);
        bn.forward(x);
        bn.forward(x);
        assertEquals(2, bn.numBatchesTracked());
        double mean0 = 0;
        for (int b = 0; b < 4; b++) for (int i = 0; i < 9; i++) mean0 += x.get(b * 18 + i) / 36;
        // Two updates with momentum 0.1 from 0: 0.19·μ.
        assertEquals(0.19 * mean0, bn.runningMean().get(0), 1e-5);
        bn.eval();
        Tensor y = bn.forward(x);
        assertEquals(2, bn.numBatchesTracked(), "eval does not count");
        double expect = (x.get(0) - bn.runningMean().get(0)) / Math.sqrt(bn.runningVar().get(0) + 1e-5);
        assertEquals(expect, y.get(0), 1e-5);
    }

    @Test
    void dropoutIsSeededAndOffInEval() {
        Tensor x = Tensor.ones(DType.FLOAT32, 1, 1, 8, 8);
        Dropout a = new Dropout(0.5, 9), b = new Dropout(0.5, 9);
        Tensor ya = a.forward(x), yb = b.forward(x);
        assertArrayEquals(ya.toDoubleArray(), yb.toDoubleArray());
        for (double v : ya.toDoubleArray()) assertTrue(v == 0 || v == 2);
        assertNotEquals(java.util.Arrays.toString(ya.toDoubleArray()), java.util.Arrays.toString(a.forward(x).toDoubleArray()),
                "the next call draws a new mask");
        a.eval();
        assertSame(x, a.forward(x));
    }

    @Test
    void shapesAndErrors() {
        SplittableRandom rng = new SplittableRandom(0);
        Tensor x = Tensor.normal(DType.FLOAT32, 2, 0, 1, 1, 3, 4, 4);
        assertArrayEquals(new int[] {1, 5, 8, 8}, new ConvTranspose2d(3, 5, 2, 2, true, rng).forward(x).shape());
        assertArrayEquals(new int[] {1, 3, 2, 2}, new MaxPool2d(2).forward(x).shape());
        Conv2d c = new Conv2d(3, 4, 3, 1, false, rng);
        assertArrayEquals(new int[] {1, 4, 4, 4}, c.forward(x).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.forward(x.to(DType.FLOAT64)));
        assertTrue(e.getMessage().contains("FLOAT64") && e.getMessage().contains("FLOAT32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.zeros(DType.FLOAT32, 1, 2, 4, 4)));
        assertTrue(e.getMessage().contains("[N, 3, H, W]") && e.getMessage().contains("[1, 2, 4, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(0, 4, 3, 1, false, rng));
        assertTrue(e.getMessage().contains("inChannels") && e.getMessage().contains("0"), e.getMessage());
        UNet u = new UNet(1, 2, 2, 3);
        e = assertThrows(IllegalArgumentException.class, () -> u.forward(Tensor.zeros(DType.FLOAT32, 1, 1, 6, 8)));
        assertTrue(e.getMessage().contains("multiples of 4"), e.getMessage());
        assertArrayEquals(new int[] {2, 2, 8, 8}, u.forward(Tensor.normal(DType.FLOAT32, 1, 0, 1, 2, 1, 8, 8)).shape());
        assertArrayEquals(new int[] {1, 3, 4, 4}, new UNet(2, 3, 2, 1).forward(Tensor.normal(DType.FLOAT32, 1, 0, 1, 1, 2, 4, 4)).shape());
    }
}
