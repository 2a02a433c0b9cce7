package org.segrad.losses.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;

/** Metrics on hand-made masks with known answers. */
class MetricsTest {

    /** Rows of digits → a flat mask. */
    private static int[] mask(String... rows) {
        int w = rows[0].length();
        int[] m = new int[rows.length * w];
        for (int r = 0; r < rows.length; r++)
            for (int c = 0; c < w; c++) m[r * w + c] = rows[r].charAt(c) - '0';
        return m;
    }

    @Test
    void iouAndDiceOfTwoOverlappingRectangles() {
        int[] pred = mask(
                "1100",
                "1100",
                "0000",
                "0000");
        int[] target = mask(
                "1110",
                "1110",
                "0000",
                "0000");
        ClassCounts k = ClassCounts.of(pred, target, 3);
        assertArrayEquals(new long[] {10, 4, 0}, k.tp());
        assertArrayEquals(new long[] {2, 0, 0}, k.fp());
        assertArrayEquals(new long[] {0, 2, 0}, k.fn());
        double[] iou = k.iou();
        assertEquals(10.0 / 12, iou[0], 1e-15);
        assertEquals(4.0 / 6, iou[1], 1e-15);
        assertTrue(Double.isNaN(iou[2]), "class 2 is in neither mask");
        assertEquals((10.0 / 12 + 4.0 / 6) / 2, k.meanIou(), 1e-15); // nan-mean: class 2 skipped
        double[] dice = k.dice();
        assertEquals(20.0 / 22, dice[0], 1e-15);
        assertEquals(8.0 / 10, dice[1], 1e-15);
        assertEquals((20.0 / 22 + 0.8) / 2, k.meanDice(), 1e-15);
    }

    @Test
    void aClassPredictedButAbsentFromTheTargetScoresZero() {
        ClassCounts k = ClassCounts.of(mask("12"), mask("11"), 3);
        assertEquals(0.0, k.iou()[2]);
        assertEquals(0.5, k.iou()[1]);
        assertTrue(Double.isNaN(k.iou()[0]));
        assertEquals(0.25, k.meanIou(), 1e-15);
    }

    @Test
    void countsAddUpOverImages() {
        ClassCounts a = ClassCounts.of(mask("01"), mask("01"), 2), b = ClassCounts.of(mask("00"), mask("01"), 2);
        ClassCounts s = a.plus(b);
        assertArrayEquals(new long[] {2, 1}, s.tp());
        assertEquals(ClassCounts.of(mask("0100"), mask("0101"), 2), s);
        assertEquals((2.0 / 3 + 1.0 / 2) / 2, s.meanIou(), 1e-15);
    }

    @Test
    void badMasksAreErrors() {
        assertEquals("target[1] = 5 but classes = 2",
                assertThrows(IllegalArgumentException.class, () -> ClassCounts.of(mask("01"), mask("05"), 2)).getMessage());
        assertEquals("pred has 2 pixels but target has 3",
                assertThrows(IllegalArgumentException.class, () -> ClassCounts.of(mask("01"), mask("010"), 2)).getMessage());
    }

    @Test
    void boundaryOfAFilledSquareIsItsRing() {
        int[] m = mask(
                "00000",
                "01110",
                "01110",
                "01110",
                "00000");
        assertEquals(8, Hausdorff.boundary(m, 5, 5, 1).length);
        // The image border counts as outside: the whole 2x2 image of class 1 is boundary.
        assertEquals(4, Hausdorff.boundary(mask("11", "11"), 2, 2, 1).length);
    }

    @Test
    void hd95OfTwoParallelLinesIsTheirDistance() {
        String[] p = new String[10], t = new String[10];
        for (int r = 0; r < 10; r++) {
            p[r] = "0000010000";
            t[r] = "0010000000";
        }
        assertEquals(3.0, Hausdorff.hd95(mask(p), mask(t), 10, 10, 1), 1e-15);
        assertEquals(0.0, Hausdorff.hd95(mask(t), mask(t), 10, 10, 1), 0.0);
    }

    @Test
    void hd95IgnoresAFewOutliersThatTheHausdorffDistanceSees() {
        // Target: a 20-pixel line in row 0; prediction: the same line plus one stray pixel 10 rows below.
        String[] t = new String[11], p = new String[11];
        for (int r = 0; r < 11; r++) {
            t[r] = r == 0 ? "11111111111111111111" : "00000000000000000000";
            p[r] = r == 0 ? "11111111111111111111" : r == 10 ? "00000000000000000001" : "00000000000000000000";
        }
        int[] pm = mask(p), tm = mask(t);
        assertEquals(10.0, Hausdorff.percentileDistance(pm, tm, 11, 20, 1, 100), 0.0);
        // pred → target distances: twenty 0s and one 10: P95 at position 0.95·20 = 19 → 0.
        assertEquals(0.0, Hausdorff.hd95(pm, tm, 11, 20, 1), 0.0);
    }

    @Test
    void hd95OfAbsentClasses() {
        assertTrue(Double.isNaN(Hausdorff.hd95(mask("00"), mask("00"), 1, 2, 1)));
        assertEquals(Double.POSITIVE_INFINITY, Hausdorff.hd95(mask("01"), mask("00"), 1, 2, 1));
    }

    @Test
    void percentileIsNumpysLinearInterpolation() {
        assertEquals(3.85, Hausdorff.percentile(new double[] {4, 1, 3, 2}, 95), 1e-12); // np.percentile([1,2,3,4], 95)
        assertEquals(2.5, Hausdorff.percentile(new double[] {1, 2, 3, 4}, 50), 1e-12);
        assertEquals(7.0, Hausdorff.percentile(new double[] {7}, 95), 0.0);
    }

    @Test
    void argmaxOverTheClassAxis() {
        // [N=1, C=3, 1, 2]: pixel 0 → class 2, pixel 1 → class 0 (first of a tie).
        Tensor z = Tensor.of(DType.FLOAT32, new double[] {0, 5, 1, 5, 3, 0}, 1, 3, 1, 2);
        assertArrayEquals(new int[] {2, 0}, Predictions.argmax(z));
        assertArrayEquals(new int[] {1, 0}, Predictions.labels(Tensor.of(DType.FLOAT64, new double[] {1, 0}, 1, 1, 2)));
    }
}
