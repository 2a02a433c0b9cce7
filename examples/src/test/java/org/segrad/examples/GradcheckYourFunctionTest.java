package org.segrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.GradCheck;
import org.segrad.autodiff.Tensor;

class GradcheckYourFunctionTest {

    @Test
    void theTwoFunctionsPassAndTheWrongBackwardFails() {
        List<GradCheck.Report> reports = GradcheckYourFunction.run();
        assertEquals(3, reports.size());
        GradCheck.Report composite = reports.get(0), softplus = reports.get(1), wrong = reports.get(2);
        assertTrue(composite.passed(), composite.toString());
        assertEquals(2, composite.inputs().size(), "both x and w are checked");
        assertTrue(softplus.passed(), softplus.toString());
        assertTrue(softplus.maxAbsError() < 1e-7, softplus.toString());
        assertFalse(wrong.passed(), wrong.toString());
        assertTrue(wrong.toString().contains("FAILED"), wrong.toString());
    }

    @Test
    void softplusIsRightAndStableAtLargeArguments() {
        Tensor x = Tensor.of(DType.FLOAT64, new double[] {-1000, -1, 0, 1, 1000}, 5).requiresGrad(true);
        Tensor y = GradcheckYourFunction.softplus(x);
        double[] expected = {0, Math.log1p(Math.exp(-1)), Math.log(2), Math.log1p(Math.E), 1000};
        for (int i = 0; i < 5; i++) assertEquals(expected[i], y.get(i), 1e-14, "softplus(" + x.get(i) + ")");
        y.sum().backward();
        double[] sigmoid = {0, 1 / (1 + Math.E), 0.5, 1 / (1 + Math.exp(-1)), 1};
        for (int i = 0; i < 5; i++) assertEquals(sigmoid[i], x.grad().get(i), 1e-14, "softplus'(" + x.get(i) + ")");
    }
}
