package org.segrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** Laws of the tape: accumulation, detach, no-grad, retained grads, freed graphs, seeds and error messages. */
class TapeTest {

    @Property(tries = 200)
    void tensorUsedTwiceGetsBothContributions(@ForAll @DoubleRange(min = -10, max = 10) double v) {
        Tensor x = Tensor.scalar(v, DType.FLOAT64).requiresGrad(true);
        x.mul(x).backward();
        assertEquals(2 * v, x.grad().item(), 1e-12);
    }

    @Test
    void oneTensorInTwoBranchesAccumulates() {
        Tensor x = Tensor.of(DType.FLOAT64, new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor a = x.exp().sum(), b = x.mul(3.0).sum();
        a.add(b).backward();
        for (int i = 0; i < 3; i++) assertEquals(Math.exp(i + 1) + 3, x.grad().get(i), 1e-12);
    }

    @Test
    void leafGradientsAccumulateAcrossBackwardCalls() {
        Tensor x = Tensor.of(DType.FLOAT64, new double[] {2}, 1).requiresGrad(true);
        x.mul(4.0).sum().backward();
        x.mul(4.0).sum().backward();
        assertEquals(8, x.grad().get(0), 0);
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void detachStopsGradients() {
        Tensor x = Tensor.of(DType.FLOAT64, new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y = x.mul(x.detach()).sum();   // d/dx (x · const) = const
        y.backward();
        assertEquals(1, x.grad().get(0), 0);
        assertEquals(2, x.grad().get(1), 0);
        assertFalse(x.detach().requiresGrad());
    }

    @Test
    void noGradScopeRecordsNothing() {
        Tensor x = Tensor.ones(DType.FLOAT32, 2, 2).requiresGrad(true);
        Tensor y;
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            assertFalse(Autograd.isGradEnabled());
            y = x.mul(x).sum();
        }
        assertTrue(Autograd.isGradEnabled());
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
        assertThrows(IllegalStateException.class, y::backward);
    }

    @Test
    void retainGradKeepsNonLeafGradient() {
        Tensor x = Tensor.of(DType.FLOAT64, new double[] {1, 2}, 2).requiresGrad(true);
        Tensor h = x.mul(2.0).retainGrad();
        Tensor k = x.mul(2.0);
        h.mul(h).sum().add(k.sum()).backward();
        assertEquals(4, h.grad().get(0), 1e-12);   // d(h²)/dh = 2h = 4
        assertNull(k.grad());
    }

    @Test
    void secondBackwardThroughFreedGraphFailsClearly() {
        Tensor x = Tensor.of(DType.FLOAT64, new double[] {1}, 1).requiresGrad(true);
        Tensor y = x.exp().sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }

    @Test
    void retainGraphAllowsSecondBackward() {
        Tensor x = Tensor.of(DType.FLOAT64, new double[] {1}, 1).requiresGrad(true);
        Tensor y = x.exp().sum();
        y.backward(Tensor.ones(DType.FLOAT64), true);
        y.backward();
        assertEquals(2 * Math.E, x.grad().get(0), 1e-12);
    }

    @Test
    void nonScalarOutputNeedsSeed() {
        Tensor x = Tensor.ones(DType.FLOAT64, 3).requiresGrad(true);
        Tensor y = x.mul(2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(e.getMessage().contains("seed"), e.getMessage());
        y.backward(Tensor.of(DType.FLOAT64, new double[] {1, 2, 3}, 3));
        assertEquals(6, x.grad().get(2), 0);
    }

    @Test
    void shapeErrorsNameBothShapes() {
        Tensor a = Tensor.zeros(DType.FLOAT32, 2, 3), b = Tensor.zeros(DType.FLOAT32, 4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ShapeOps.concat(0, a, Tensor.zeros(DType.FLOAT32, 2, 4)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2, 4]"), e.getMessage());
    }

    @Test
    void oneHotRejectsOutOfRangeLabelsWithPosition() {
        Tensor labels = Tensor.of(DType.FLOAT64, new double[] {0, 1, 7, 0}, 1, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShapeOps.oneHot(labels, 2, DType.FLOAT32));
        assertTrue(e.getMessage().contains("[0, 1, 0] = 7.0 but classes = 2"), e.getMessage());
    }

    @Test
    void mixedDtypesPromoteAndGradientsKeepTheLeafDtype() {
        Tensor a = Tensor.ones(DType.FLOAT32, 2).requiresGrad(true);
        Tensor b = Tensor.full(DType.FLOAT64, 3, 2).requiresGrad(true);
        Tensor y = a.mul(b).sum();
        assertEquals(DType.FLOAT64, y.dtype());
        y.backward();
        assertEquals(DType.FLOAT32, a.grad().dtype());
        assertEquals(3, a.grad().get(0), 0);
        assertEquals(1, b.grad().get(1), 0);
    }

    @Test
    void seededCreationIsDeterministic() {
        Tensor a = Tensor.normal(DType.FLOAT32, 7, 0, 1, 3, 4), b = Tensor.normal(DType.FLOAT32, 7, 0, 1, 3, 4);
        assertEquals(a.toString(), b.toString());
        assertTrue(a.toString().startsWith("Tensor(shape=[3, 4], dtype=FLOAT32"), a.toString());
        assertEquals(3.5, Tensor.full(DType.FLOAT64, 3.5, 1, 1).item(), 0);
        assertEquals(DType.FLOAT64, a.to(DType.FLOAT64).dtype());
        assertEquals(a.get(5), a.to(DType.FLOAT64).get(5), 0);
    }
}
