package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;

/** Hand-computed values, the empty-class policies, and the one-line errors. */
class LossExamplesTest {
    private static final double LN2 = Math.log(2);

    /** Logits of zeros: p = 1/C everywhere. */
    private static Tensor uniform(int n, int c, int h, int w) {
        return Tensor.zeros(DType.FLOAT64, n, c, h, w);
    }

    private static Tensor labels(int n, int h, int w, double... ids) {
        return Tensor.of(DType.FLOAT64, ids, n, h, w);
    }

    private static double both(String name, Map<String, String> opts, Tensor z, Tensor y) {
        SegLoss loss = Losses.create(name, opts);
        double a = loss.analytic(z, y).value();
        double b = loss.forward(z, y).item();
        assertEquals(a, b, 1e-14, name + " " + opts);
        return a;
    }

    @Test
    void uniformPredictionsGiveTheTextbookValues() {
        Tensor z = uniform(1, 2, 1, 2);
        Tensor y = labels(1, 1, 2, 0, 1);
        assertEquals(LN2, both("ce", Map.of(), z, y), 1e-15);
        assertEquals(0.5, both("dice", Map.of(), z, y), 1e-15);                         // TP = .5, G = 1, P = 1
        assertEquals(1.0 / 3, both("dice", Map.of("squared", "true"), z, y), 1e-15);    // P = .5 → 1/1.5
        assertEquals(2.0 / 3, both("tversky", Map.of("alpha", "1", "beta", "1"), z, y), 1e-15);
        assertEquals(0.5, both("tversky", Map.of(), z, y), 1e-15);
        assertEquals(0.25 * LN2, both("focal", Map.of(), z, y), 1e-15);
        assertEquals(LN2 + 2 * 0.5, both("ce+dice", Map.of("lambda", "2"), z, y), 1e-15);
        assertEquals(0.5 * LN2, both("ml", Map.of(), z, y), 1e-15);
        // CAML: p̄ = 0.5, D = 1 − 0.5 → α = 0.5^0.5; L = 0.5 · (ln 2)^α.
        assertEquals(0.5 * Math.pow(LN2, Math.sqrt(0.5)), both("caml", Map.of(), z, y), 1e-15);
        assertEquals(0.5 * Math.pow(LN2, Math.sqrt(0.5)), both("caml", Map.of("granularity", "pixel"), z, y), 1e-15);
    }

    @Test
    void ceGradientIsPMinusYOverM() {
        Tensor z = uniform(1, 2, 1, 2);
        Tensor g = Losses.create("ce", Map.of()).analyticGradient(z, labels(1, 1, 2, 0, 1));
        assertEquals(List.of(-0.25, 0.25, 0.25, -0.25), List.of(g.get(0), g.get(1), g.get(2), g.get(3)));
    }

    @Test
    void classWeightsFollowPyTorchsWeightedMean() {
        Tensor z = Tensor.of(DType.FLOAT64, new double[] {2, 0, 0, 1}, 1, 2, 1, 2);
        Tensor y = labels(1, 1, 2, 0, 1);
        double l0 = -Math.log(Math.exp(2) / (Math.exp(2) + 1)), l1 = -Math.log(Math.exp(1) / (Math.exp(1) + 1));
        assertEquals((1 * l0 + 3 * l1) / 4, both("ce", Map.of("weights", "1,3"), z, y), 1e-15);
    }

    @Test
    void ignoredPixelsContributeNothing() {
        Tensor y = labels(1, 1, 3, 0, 255, 1);
        Tensor z1 = Tensor.normal(DType.FLOAT64, 1, 0, 1, 1, 2, 1, 3);
        Tensor z2 = z1.copy();
        z2.set(1, 40);      // the ignored pixel's logits change
        z2.set(4, -7);
        for (String name : Losses.names()) {
            Map<String, String> o = Map.of("ignore-index", "255");
            SegLoss loss = Losses.create(name, o);
            assertEquals(loss.analytic(z1, y).value(), loss.analytic(z2, y).value(), 1e-15, name);
            Tensor g = loss.analyticGradient(z1, y);
            assertEquals(0.0, g.get(1), name);
            assertEquals(0.0, g.get(4), name);
        }
    }

    /** Confident, correct logits for labels that use classes 0 and 1 of 3: class 2 is truly absent. */
    private static Tensor confident(Tensor y, int classes) {
        int n = y.dim(0), h = y.dim(1), w = y.dim(2);
        Tensor z = Tensor.zeros(DType.FLOAT64, n, classes, h, w);
        for (int b = 0; b < n; b++)
            for (int s = 0; s < h * w; s++) z.set((b * classes + (int) y.get(b * h * w + s)) * h * w + s, 20);
        return z;
    }

    @Test
    void emptyClassPolicies() {
        Tensor y = labels(1, 2, 2, 0, 1, 1, 0);
        Tensor z = confident(y, 3);
        // skip (default): class 2 leaves the mean; a correct "nothing here" costs nothing.
        assertEquals(0, both("dice", Map.of(), z, y), 1e-8);
        // include: Dice_2 = 0 / (Σ p_2) = 0 however small Σ p_2 is (MONAI #7883): L = 1/3.
        assertEquals(1.0 / 3, both("dice", Map.of("empty", "include"), z, y), 1e-8);
        // include with smoothing: Dice_2 = s / (Σ p_2 + s) ≈ 1.
        assertEquals(0, both("dice", Map.of("empty", "include", "smooth-nr", "1", "smooth-dr", "1"), z, y), 1e-6);
        // The policy reaches ML and CAML through their Dice factor.
        assertTrue(both("ml", Map.of("empty", "include"), z, y) > 1e3 * both("ml", Map.of(), z, y));
        assertTrue(both("caml", Map.of("empty", "include"), z, y) > both("caml", Map.of(), z, y));
    }

    @Test
    void everyClassSkippedGivesZeroLossAndZeroGradient() {
        Tensor y = labels(1, 1, 2, 0, 0);
        Tensor z = Tensor.normal(DType.FLOAT64, 3, 0, 1, 1, 2, 1, 2);
        for (String name : List.of("dice", "tversky", "ml", "caml")) {
            Map<String, String> o = Map.of("include-background", "false");
            assertEquals(0.0, both(name, o, z, y), name);
            for (double v : Losses.create(name, o).analyticGradient(z, y).toDoubleArray()) assertEquals(0.0, v, name);
            Tensor zz = z.copy().requiresGrad(true);
            Losses.create(name, o).forward(zz, y).backward();
            for (double v : zz.grad().toDoubleArray()) assertEquals(0.0, v, name);
        }
    }

    @Test
    void imageReductionSkipsClassesPerImage() {
        Tensor y = labels(2, 1, 2, 0, 1, 0, 0); // image 1 has no class 1
        Tensor z = confident(y, 2);
        assertEquals(0, both("dice", Map.of("reduce", "image"), z, y), 1e-8);
        // include: image 1's class-1 Dice is 0 → mean over 4 pairs = 3/4.
        assertEquals(0.25, both("dice", Map.of("reduce", "image", "empty", "include"), z, y), 1e-8);
        // batch reduction sees class 1 in the batch: nothing is empty.
        assertEquals(0, both("dice", Map.of("empty", "include"), z, y), 1e-8);
    }

    // ------------------------------------------------------------ errors

    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void labelsOutOfRangeAreErrorsThatNameThePosition() {
        Tensor z = uniform(1, 2, 2, 3);
        Tensor y = labels(1, 2, 3, 0, 1, 0, 1, 7, 0);
        for (String name : Losses.names()) {
            SegLoss loss = Losses.create(name, Map.of());
            assertEquals("labels[0, 1, 1] = 7 but classes = 2", error(() -> loss.forward(z, y)), name);
            assertEquals("labels[0, 1, 1] = 7 but classes = 2", error(() -> loss.analytic(z, y)), name);
            assertEquals("labels[0, 1, 1] = 7 but classes = 2", error(() -> loss.fused(z, y)), name);
        }
        assertEquals("labels[0, 0, 0] = -1 but classes = 2 (ignore-index = 255)",
                error(() -> Losses.create("ce", Map.of("ignore-index", "255")).forward(z, labels(1, 2, 3, -1, 0, 0, 0, 0, 0))));
        assertEquals("labels[0, 0, 2] = 0.5 is not an integer class id",
                error(() -> Losses.create("dice", Map.of()).forward(z, labels(1, 2, 3, 0, 0, 0.5, 0, 0, 0))));
        assertEquals("labels have shape [1, 3, 2] but logits [1, 2, 2, 3] need labels of shape [1, 2, 3]",
                error(() -> Losses.create("ce", Map.of()).forward(z, Tensor.zeros(DType.FLOAT64, 1, 3, 2))));
    }

    @Test
    void optionsAreValidatedWithOneLine() {
        assertEquals("unknown loss 'cee' (expected one of ce, dice, ce+dice, focal, tversky, ml, caml)",
                error(() -> Losses.create("cee", Map.of())));
        assertEquals("loss ce: unknown option 'gamma' (accepted: ignore-index, weights)",
                error(() -> Losses.create("ce", Map.of("gamma", "2"))));
        assertEquals("loss dice: option reduce must be batch or image, got 'pixel'",
                error(() -> Losses.create("dice", Map.of("reduce", "pixel"))));
        assertEquals("loss caml: option confidence must be true-class or max, got 'mean'",
                error(() -> Losses.create("caml", Map.of("confidence", "mean"))));
        assertEquals("loss focal: option gamma must be a finite number >= 0, got '-1'",
                error(() -> Losses.create("focal", Map.of("gamma", "-1"))));
        assertEquals("loss caml: option detach must be true or false, got 'yes'",
                error(() -> Losses.create("caml", Map.of("detach", "yes"))));
        assertEquals("loss ml: option ignore-index must be an integer, got 'x'",
                error(() -> Losses.create("ml", Map.of("ignore-index", "x"))));
        assertEquals("option weights has 3 values but the logits have 2 classes",
                error(() -> Losses.create("ce", Map.of("weights", "1,2,3")).forward(uniform(1, 2, 1, 1), labels(1, 1, 1, 0))));
        assertEquals("option 'lambda' is given twice", error(() -> Losses.parseOptions(List.of("lambda=1", "lambda=2"))));
        assertEquals("option 'lambda' must be key=value", error(() -> Losses.parseOptions(List.of("lambda"))));
    }

    @Test
    void everyLossBuildsWithItsDefaultsAndNamesItself() {
        for (String name : Losses.names()) {
            SegLoss loss = Losses.create(name, Map.of());
            assertEquals(name, loss.name());
            assertEquals(name, loss.options().loss());
        }
        assertEquals(List.of("ce", "dice", "ce+dice", "focal", "tversky", "ml", "caml"), Losses.names());
    }
}
