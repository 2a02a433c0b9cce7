package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.Parallel;

/**
 * Every loss's analytic value and gradient are bit-identical at 1, 2 and 3 threads on a batch large enough for the
 * per-pixel loops (softmax, the cross-entropy gradient) to be split: [4, 4, 128, 128].
 */
class ThreadCountInvarianceTest {
    static java.util.List<String> names() {
        return Losses.names();
    }

    private static LossValue run(String name, int threads) {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(threads);
            Tensor z = Tensor.normal(DType.FLOAT32, 7, 0, 3, 4, 4, 128, 128);
            Tensor y = Tensor.zeros(DType.FLOAT32, 4, 128, 128);
            for (int i = 0; i < y.numel(); i++) y.set(i, (i * 2654435761L >>> 7) % 4);
            return Losses.create(name, Map.of()).analytic(z, y);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void analyticLossDoesNotDependOnTheThreadCount(String name) {
        LossValue one = run(name, 1);
        for (int t : new int[] {2, 3}) {
            LossValue many = run(name, t);
            assertEquals(one.value(), many.value(), 0.0, name + " value at " + t + " threads");
            assertArrayEquals(one.gradient().toDoubleArray(), many.gradient().toDoubleArray(), 0.0, name + " gradient at " + t + " threads");
        }
    }
}
