package org.segrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.ShapeOps;
import org.segrad.autodiff.Tensor;
import org.segrad.losses.Losses;

class CustomLossTest {

    @Test
    void theLossPassesGradcheckAndTrainingLowersIt() {
        CustomLoss.Result r = CustomLoss.run(12);
        assertTrue(r.gradcheck().passed(), r.gradcheck().toString());
        assertEquals(1, r.gradcheck().inputs().size(), "only the logits are differentiated");
        double[] l = r.losses();
        assertEquals(12, l.length);
        assertTrue(Arrays.stream(l).allMatch(Double::isFinite), Arrays.toString(l));
        assertTrue(l[11] < 0.8 * l[0], "loss did not fall: " + Arrays.toString(l));
    }

    @Test
    void itIsCrossEntropyPlusOneMinusTheSoftMeanIou() {
        Tensor z = Tensor.normal(DType.FLOAT64, 11, 0, 2, 2, 3, 3, 4);
        Tensor y = Tensor.uniform(DType.FLOAT64, 12, 0, 3, 2, 3, 4);
        for (int i = 0; i < y.numel(); i++) y.set(i, Math.floor(y.get(i)));
        double ce = Losses.create("ce", java.util.Map.of()).forward(z, y).item();
        // The soft IoU term, element by element.
        Tensor p = z.softmax(1), onehot = ShapeOps.oneHot(y, 3, DType.FLOAT64);
        double iouSum = 0;
        for (int c = 0; c < 3; c++) {
            double inter = 0, sp = 0, sy = 0;
            for (int n = 0; n < 2; n++)
                for (int k = 0; k < 12; k++) {
                    int i = (n * 3 + c) * 12 + k;
                    inter += p.get(i) * onehot.get(i);
                    sp += p.get(i);
                    sy += onehot.get(i);
                }
            iouSum += (inter + 1) / (sp + sy - inter + 1);
        }
        assertEquals(ce + 1 - iouSum / 3, CustomLoss.ceJaccard(z, y).item(), 1e-12);

        // Confident right logits give a loss near 0.
        Tensor perfect = onehot.mul(30);
        assertEquals(0, CustomLoss.ceJaccard(perfect, y).item(), 1e-9);
    }
}
