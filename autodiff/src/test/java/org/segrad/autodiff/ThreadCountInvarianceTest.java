package org.segrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.segrad.kernels.KernelThresholds;
import org.segrad.kernels.Parallel;

/**
 * The memory-bound ops that split across threads (batch-norm + ReLU, its ReLU mask, 2×2 max-pool) give bit-identical
 * values and gradients at 1, 2 and 3 threads, on a shape large enough to be split ([2, 8, 128, 128]).
 */
class ThreadCountInvarianceTest {
    private static List<double[]> run(DType dt, int threads) {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(threads);
            Tensor x = Tensor.normal(dt, 3, 0.1, 1, 2, 8, 128, 128).requiresGrad(true);
            Tensor gamma = Tensor.uniform(dt, 4, 0.5, 1.5, 8).requiresGrad(true);
            Tensor beta = Tensor.uniform(dt, 5, -0.5, 0.5, 8).requiresGrad(true);
            Tensor rm = Tensor.zeros(dt, 8), rv = Tensor.ones(dt, 8);
            Tensor h = BatchNorm.batchNorm2dRelu(x, gamma, beta, rm, rv, true, 0.1, 1e-5);
            Tensor p = Pooling.maxPool2d(h, 2, 2, 0);
            Tensor w = Tensor.normal(dt, 6, 0, 1, p.shape());
            p.mul(w).sum().backward();
            List<double[]> out = new ArrayList<>();
            for (Tensor t : new Tensor[] {p, x.grad(), gamma.grad(), beta.grad(), rm, rv}) out.add(t.toDoubleArray());
            return out;
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void splitOpsDoNotDependOnTheThreadCount(DType dt) {
        assertTrue((long) 2 * 8 * 128 * 128 * KernelThresholds.ELEMENT_PASS_MACS >= KernelThresholds.PARALLEL_MIN_MACS,
                "the shape must be large enough to be split");
        List<double[]> one = run(dt, 1);
        for (int t : new int[] {2, 3}) {
            List<double[]> many = run(dt, t);
            for (int k = 0; k < one.size(); k++) assertArrayEquals(one.get(k), many.get(k), 0.0, "array " + k + " at " + t + " threads");
        }
    }
}
