package org.segrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * An independent oracle: commons-math3 forward-mode {@link DerivativeStructure} computes the same scalar functions
 * of three variables; its first derivatives must equal segrad's reverse-mode gradients.
 */
class DerivativeStructureOracleTest {

    @Property(tries = 300)
    void smoothCompositionMatchesForwardMode(@ForAll @DoubleRange(min = -2, max = 2) double a,
                                             @ForAll @DoubleRange(min = -2, max = 2) double b,
                                             @ForAll @DoubleRange(min = 0.2, max = 3) double c) {
        Assume.that(Math.abs(a) > 1e-3);   // |a| has a kink at 0 where sign conventions differ (PyTorch: 0)
        // f = sigmoid(a)·tanh(b) / (1 + e^a) + (log c)² − √c·|a| + softmax([a, b, c])[1] · c^1.5
        DerivativeStructure A = new DerivativeStructure(3, 1, 0, a), B = new DerivativeStructure(3, 1, 1, b),
                C = new DerivativeStructure(3, 1, 2, c);
        DerivativeStructure one = A.getField().getOne();
        DerivativeStructure sig = one.divide(one.add(A.negate().exp()));
        DerivativeStructure ea = A.exp(), eb = B.exp(), ec = C.exp();
        DerivativeStructure soft1 = eb.divide(ea.add(eb).add(ec));
        DerivativeStructure f = sig.multiply(B.tanh()).divide(one.add(ea)).add(C.log().pow(2))
                .subtract(C.sqrt().multiply(A.abs())).add(soft1.multiply(C.pow(1.5)));

        Tensor x = Tensor.of(DType.FLOAT64, new double[] {a, b, c}, 3).requiresGrad(true);
        Tensor ta = ShapeOps.slice(x, 0, 0, 1), tb = ShapeOps.slice(x, 0, 1, 2), tc = ShapeOps.slice(x, 0, 2, 3);
        Tensor y = ta.sigmoid().mul(tb.tanh()).div(ta.exp().add(1.0)).add(tc.log().pow(2)).sub(tc.sqrt().mul(ta.abs()))
                .add(ShapeOps.slice(x.softmax(0), 0, 1, 2).mul(tc.pow(1.5))).sum();
        y.backward();

        assertEquals(f.getValue(), y.item(), 1e-12 * (1 + Math.abs(f.getValue())));
        for (int i = 0; i < 3; i++) {
            int[] order = new int[3];
            order[i] = 1;
            double expected = f.getPartialDerivative(order);
            assertEquals(expected, x.grad().get(i), 1e-11 * (1 + Math.abs(expected)), "d/dx" + i);
        }
    }
}
