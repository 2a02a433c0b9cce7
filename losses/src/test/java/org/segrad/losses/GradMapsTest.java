package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;

/** Gradient maps: the magnitudes are the true-logit gradients, the shares follow their definitions. */
class GradMapsTest {
    private static final int NONE = LossOptions.NO_IGNORE;

    /** One image 1×3, two classes, labels [0, 0, 1]; p_true = [0.95, 0.3, 0.6] (pixel 1 misclassified). */
    private static final double[] PT = {0.95, 0.3, 0.6};
    private static final Tensor Y = Tensor.of(DType.FLOAT64, new double[] {0, 0, 1}, 1, 1, 3);

    private static Tensor logits() {
        double[] z = new double[6];
        int[] t = {0, 0, 1};
        for (int i = 0; i < 3; i++) {
            z[t[i] * 3 + i] = Math.log(PT[i]);
            z[(1 - t[i]) * 3 + i] = Math.log(1 - PT[i]);
        }
        return Tensor.of(DType.FLOAT64, z, 1, 2, 1, 3);
    }

    @Test
    void ceMagnitudesAreOneMinusPtOverM() {
        GradMaps.GradMap m = GradMaps.of(Losses.create("ce", Map.of()), logits(), Y, NONE);
        assertArrayEquals(new double[] {0.05 / 3, 0.7 / 3, 0.4 / 3}, m.magnitude(), 1e-15);
        assertArrayEquals(new int[] {1, 1, 3}, m.shape());
        double total = (0.05 + 0.7 + 0.4) / 3;
        // pixel 1 is misclassified; pixels 1 and 2 are on the boundary (labels 0 | 1); pixel 0 is confident and correct.
        assertEquals(0.7 / 3 / total, m.shares().misclassified(), 1e-15);
        assertEquals((0.7 + 0.4) / 3 / total, m.shares().boundary(), 1e-15);
        assertEquals(0.05 / 3 / total, m.shares().confidentCorrect(), 1e-15);
    }

    @Test
    void sharesDoNotDependOnTheLossScaleAndIgnoredPixelsCarryNothing() {
        GradMaps.Shares a = GradMaps.of(Losses.create("dice", Map.of()), logits(), Y, NONE).shares();
        GradMaps.Shares b = GradMaps.of(Losses.create("3 * dice", Map.of()), logits(), Y, NONE).shares();
        assertEquals(a.misclassified(), b.misclassified(), 1e-15);
        assertEquals(a.boundary(), b.boundary(), 1e-15);
        assertEquals(a.confidentCorrect(), b.confidentCorrect(), 1e-15);
        Tensor y = Tensor.of(DType.FLOAT64, new double[] {0, 255, 1}, 1, 1, 3);
        GradMaps.GradMap m = GradMaps.of(Losses.create("ce", Map.of("ignore-index", "255")), logits(), y, 255);
        assertEquals(0, m.magnitude()[1], 0);
        assertEquals(0, m.shares().misclassified(), 0); // the misclassified pixel is the ignored one
        assertEquals(0, m.shares().boundary(), 0); // the only neighbours of pixels 0 and 2 are ignored: no boundary
        assertEquals(0.05 / (0.05 + 0.4), m.shares().confidentCorrect(), 1e-15);
    }

    @Test
    void theSharedLogScaleSpansEveryPositiveMagnitude() {
        List<GradMaps.GradMap> maps = List.of(GradMaps.of(Losses.create("ce", Map.of()), logits(), Y, NONE),
                GradMaps.of(Losses.create("focal", Map.of()), logits(), Y, NONE));
        double[] s = GradMaps.sharedLogScale(maps);
        double lo = Double.MAX_VALUE, hi = 0;
        for (GradMaps.GradMap m : maps) for (double v : m.magnitude()) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        assertArrayEquals(new double[] {lo, hi}, s, 0);
    }
}
