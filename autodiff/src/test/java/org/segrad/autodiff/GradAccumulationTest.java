package org.segrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import org.junit.jupiter.api.Test;

/**
 * Backward sums the gradients of a tensor used several times in place, but only into sums the engine made itself:
 * a seed, a gradient a GradFn returned (possibly its own output gradient or a saved tensor, possibly handed to two
 * inputs) and a leaf's grad are never written behind anyone's back.
 */
class GradAccumulationTest {

    @Test
    void seedIsNotWrittenWhenAddPassesItToATensorUsedThreeTimes() {
        for (DType dt : DType.values()) {
            Tensor x = Tensor.of(dt, new double[] {1, 2, 3}, 3).requiresGrad(true);
            Tensor h = x.mul(2.0);
            Tensor seed = Tensor.of(dt, new double[] {1, 10, 100}, 3);
            h.add(h).add(h).backward(seed);
            assertEquals(1, seed.get(0), 0);
            assertEquals(10, seed.get(1), 0);
            assertEquals(100, seed.get(2), 0);
            for (int i = 0; i < 3; i++) assertEquals(6 * seed.get(i), x.grad().get(i), 0, dt + " at " + i);
        }
    }

    @Test
    void sharedGradientOfTwoInputsIsNotAliasedByAccumulation() {
        // add gives the very same tensor g to a and to b; a then collects a second contribution.
        Tensor a = Tensor.of(DType.FLOAT32, new double[] {1, 2}, 2).requiresGrad(true);
        Tensor b = Tensor.of(DType.FLOAT32, new double[] {3, 4}, 2).requiresGrad(true);
        Tensor a2 = a.mul(1.0), b2 = b.mul(1.0);
        Tensor s = a2.add(b2);
        s.add(a2).backward(Tensor.ones(DType.FLOAT32, 2));
        assertEquals(2, a.grad().get(0), 0);
        assertEquals(1, b.grad().get(0), 0);
        assertEquals(1, b.grad().get(1), 0);
    }

    @Test
    void savedTensorReturnedAsAGradientStaysIntactAcrossRetainedBackwards() {
        Tensor saved = Tensor.of(DType.FLOAT64, new double[] {0.5, -1}, 2);
        Tensor x = Tensor.of(DType.FLOAT64, new double[] {1, 1}, 2).requiresGrad(true);
        // Three custom ops on x whose gradient is a constant tensor they keep (and return as is, not a copy).
        Tensor loss = null;
        for (int k = 0; k < 3; k++) {
            Tensor y = Autograd.record("const_grad", x.detach().copy(), g -> new Tensor[] {saved}, x).sum();
            loss = loss == null ? y : loss.add(y);
        }
        loss.backward(null, true);
        loss.backward(null, true);
        assertEquals(0.5, saved.get(0), 0);
        assertEquals(-1, saved.get(1), 0);
        assertEquals(2 * 3 * 0.5, x.grad().get(0), 0);
        assertEquals(2 * 3 * -1, x.grad().get(1), 0);
    }

    @Test
    void leafGradIsACopyOfAGradientSomeoneElseHolds() {
        Tensor x = Tensor.of(DType.FLOAT32, new double[] {1, 2}, 2).requiresGrad(true);
        Tensor seed = Tensor.of(DType.FLOAT32, new double[] {3, 4}, 2);
        x.add(Tensor.zeros(DType.FLOAT32, 2)).backward(seed);
        assertNotSame(seed, x.grad());
        x.add(Tensor.zeros(DType.FLOAT32, 2)).backward(seed);
        assertEquals(3, seed.get(0), 0);
        assertEquals(6, x.grad().get(0), 0);
        assertEquals(8, x.grad().get(1), 0);
    }

    @Test
    void retainedNonLeafGradIsNotTheEngineSum() {
        Tensor x = Tensor.of(DType.FLOAT64, new double[] {1, 2}, 2).requiresGrad(true);
        Tensor h = x.mul(3.0).retainGrad();
        h.add(h).sum().backward();
        assertEquals(2, h.grad().get(0), 0);
        assertEquals(6, x.grad().get(1), 0);
    }
}
