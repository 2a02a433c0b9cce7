package org.segrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.Autograd;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;

/** InferenceMode: an eval-mode, tape-free forward on this thread only, writing nothing into the model. */
class InferenceModeTest {
    private static Tensor input() {
        return Tensor.normal(DType.FLOAT32, 4, 0.3, 2, 2, 3, 5, 5);
    }

    @Test
    void batchNormInsideTheScopeEqualsEvalModeAndWritesNothing() {
        BatchNorm2d bn = new BatchNorm2d(3);
        bn.runningMean().set(1, 0.7);
        bn.runningVar().set(2, 2.5);
        Tensor x = input();
        double[] mean = bn.runningMean().toDoubleArray(), var = bn.runningVar().toDoubleArray();
        Tensor inScope;
        try (InferenceMode ignored = InferenceMode.enter()) {
            assertFalse(bn.isTraining());
            assertFalse(Autograd.isGradEnabled());
            inScope = bn.forward(x.requiresGrad(true));
            assertTrue(inScope.isLeaf(), "no tape inside the scope");
        }
        assertTrue(bn.isTraining() && bn.trainingFlag(), "the flag is untouched and in force again after the scope");
        assertTrue(Autograd.isGradEnabled());
        assertArrayEquals(mean, bn.runningMean().toDoubleArray());
        assertArrayEquals(var, bn.runningVar().toDoubleArray());
        assertEquals(0, bn.numBatchesTracked());
        bn.eval();
        assertArrayEquals(bn.forward(x).toDoubleArray(), inScope.toDoubleArray());
    }

    @Test
    void theScopeIsConfinedToItsThread() throws Exception {
        BatchNorm2d bn = new BatchNorm2d(3);
        try (InferenceMode ignored = InferenceMode.enter()) {
            assertFalse(bn.isTraining());
            boolean otherThread = CompletableFuture.supplyAsync(bn::isTraining).get();
            assertTrue(otherThread, "another thread still sees training mode");
            try (InferenceMode nested = InferenceMode.enter()) {
                assertTrue(InferenceMode.isActive());
            }
            assertTrue(InferenceMode.isActive(), "scopes nest");
        }
        assertFalse(InferenceMode.isActive());
    }
}
