package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LossChecks.checkExpression: what {@code segrad gradcheck --loss EXPR} reports. */
class ExpressionChecksTest {

    @Test
    void expressionsPassAnalyticAutodiffAndCentralDifferences() {
        for (String expr : List.of("mean(-(1 - pt) ^ 2 * log(pt)) * dice", "ce + 0.5 * tversky(alpha=0.3, beta=0.7)",
                "caml(detach=false)", "exp(-dicecoef) * ce / (1 + pmax)")) {
            List<LossChecks.Result> rs = LossChecks.checkExpression(expr, Map.of("ignore-index", "255"), 4);
            assertEquals(4, rs.size());
            for (LossChecks.Result r : rs) {
                assertTrue(r.finiteDifferences().passed(), () -> expr + ": " + r.finiteDifferences());
                assertTrue(r.analyticError() <= 1e-10, () -> expr + ": analytic vs autodiff " + r.analyticError());
            }
        }
    }

    /** detach(...) makes the gradient a surrogate's: analytic = autodiff still, but central differences disagree. */
    @Test
    void aDetachedExponentIsNotTheDerivativeOfTheValue() {
        List<LossChecks.Result> rs = LossChecks.checkExpression("dice * ce ^ detach((1 - pbar) ^ dicecoef)", Map.of(), 4);
        assertTrue(rs.stream().allMatch(r -> r.analyticError() <= 1e-10));
        assertTrue(rs.stream().anyMatch(r -> !r.finiteDifferences().passed()));
    }
}
