package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The three example expressions of issue 15, parsed, equal an independent forward-mode implementation written by hand
 * ({@link ExampleExpressionOracle}) on both faces — analytic and autodiff — value and gradient, over random batches
 * (shapes ≤ 3×4×3×3, dims from 1, absent classes, logit scales 1e-3 … 3).
 */
class ExampleExpressionsProperties {
    static final double TOL = 1e-9;

    @Property(tries = 300)
    void camlDefaultExpression(@ForAll long seed) {
        check(seed, "dice * ce ^ detach((1 - pbar) ^ dicecoef)", ExampleExpressionOracle::camlDefault);
    }

    @Property(tries = 300)
    void cePlusHalfTversky(@ForAll long seed) {
        check(seed, "ce + 0.5 * tversky(alpha=0.3, beta=0.7)", ExampleExpressionOracle::cePlusTversky);
    }

    @Property(tries = 300)
    void focalTermTimesDice(@ForAll long seed) {
        check(seed, "mean(-(1 - pt) ^ 2 * log(pt)) * dice", ExampleExpressionOracle::focalTimesDice);
    }

    private static void check(long seed, String expression, Function<ExampleExpressionOracle, DerivativeStructure> formula) {
        Random r = new Random(seed);
        int[] shape = {1 + r.nextInt(3), 1 + r.nextInt(4), 1 + r.nextInt(3), 1 + r.nextInt(3)};
        LossCase c = LossCase.withData(r, "ce", Map.of(), shape, Math.pow(10, -3 + r.nextDouble() * Math.log10(3e3)));
        ExampleExpressionOracle o = new ExampleExpressionOracle(c.logits(), c.labels(), shape);
        double[] ref = o.flatten(formula.apply(o));
        double[] refGrad = Arrays.copyOfRange(ref, 1, ref.length);
        SegLoss loss = Losses.create(expression, Map.of());
        LossValue ana = loss.analytic(c.z(), c.y());
        LossValue auto = Grads.autodiff(loss, c.z(), c.y());
        for (LossValue v : new LossValue[] {ana, auto}) {
            String face = v == ana ? "analytic" : "autodiff";
            assertTrue(Grads.relValueError(v.value(), ref[0]) <= TOL, () -> c + " " + face + ": " + v.value() + " vs " + ref[0]);
            double ge = Grads.relError(v.gradient().toDoubleArray(), refGrad);
            assertTrue(ge <= TOL, () -> c + " " + face + ": gradient error " + ge);
        }
    }
}
