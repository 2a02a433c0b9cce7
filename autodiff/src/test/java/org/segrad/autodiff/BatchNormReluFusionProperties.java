package org.segrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.segrad.kernels.Parallel;

/**
 * {@code batch_norm2d_relu} is bit-identical to {@code batch_norm2d} followed by {@code relu}: output, ∂x, ∂γ, ∂β and
 * the running statistics, in both dtypes, training and eval, on 1 and 2 threads (the channel split must not change
 * a bit).
 */
class BatchNormReluFusionProperties {

    @Property(tries = 120)
    void fusedEqualsBatchNormThenRelu(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DType dt = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        int[] s = {1 + r.nextInt(3), 1 + r.nextInt(6), 1 + r.nextInt(40), 2 + r.nextInt(50)};
        boolean training = r.nextBoolean();
        int c = s[1];
        Tensor x = Tensor.uniform(dt, r.nextLong(), -2, 2, s), gamma = Tensor.uniform(dt, r.nextLong(), 0.5, 1.5, c);
        Tensor beta = Tensor.uniform(dt, r.nextLong(), -1, 1, c), seedG = Tensor.uniform(dt, r.nextLong(), -1, 1, s);
        Tensor rm = Tensor.uniform(dt, r.nextLong(), -0.5, 0.5, c), rv = Tensor.uniform(dt, r.nextLong(), 0.5, 2, c);
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1 + r.nextInt(2));
            Tensor[] ref = run(x, gamma, beta, rm, rv, seedG, training, false);
            Tensor[] fused = run(x, gamma, beta, rm, rv, seedG, training, true);
            for (int k = 0; k < ref.length; k++) {
                assertEquals(ref[k].dtype(), fused[k].dtype());
                assertArrayEquals(ref[k].toDoubleArray(), fused[k].toDoubleArray(), 0.0, "output " + k + " " + dt + " " + Shape.str(s));
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /** {y, ∂x, ∂γ, ∂β, running mean, running var}. */
    private static Tensor[] run(Tensor x0, Tensor g0, Tensor b0, Tensor rm0, Tensor rv0, Tensor seed, boolean training, boolean fused) {
        Tensor x = x0.copy().requiresGrad(true), gamma = g0.copy().requiresGrad(true), beta = b0.copy().requiresGrad(true);
        Tensor rm = rm0.copy(), rv = rv0.copy();
        Tensor y = fused ? BatchNorm.batchNorm2dRelu(x, gamma, beta, rm, rv, training, 0.1, 1e-5)
                : Elementwise.relu(BatchNorm.batchNorm2d(x, gamma, beta, rm, rv, training, 0.1, 1e-5));
        y.backward(seed);
        return new Tensor[] {y.detach(), x.grad(), gamma.grad(), beta.grad(), rm, rv};
    }
}
