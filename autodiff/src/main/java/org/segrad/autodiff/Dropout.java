package org.segrad.autodiff;

import java.util.SplittableRandom;
import org.segrad.kernels.StridedKernels;

/**
 * Inverted dropout: in training each element is kept with probability 1 − p and scaled by 1/(1 − p); the mask
 * comes from {@code SplittableRandom(seed)}, so the same seed drops the same elements. ∂x = g·mask/(1 − p).
 * Outside training (or p = 0) it returns x itself.
 */
public final class Dropout {
    private Dropout() {}

    public static Tensor dropout(Tensor x, double p, boolean training, long seed) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("dropout: p must be in [0, 1], got " + p);
        if (!training || p == 0) return x;
        SplittableRandom r = new SplittableRandom(seed);
        double scale = p == 1 ? 0 : 1 / (1 - p);
        Tensor mask = Tensor.alloc(x.dtype(), x.shape());
        StridedKernels.fill(mask.data(), () -> r.nextDouble() >= p ? scale : 0);
        Tensor y = Elementwise.zip(x, mask, (a, b) -> a * b);
        return Autograd.record(Primitive.DROPOUT, y, g -> new Tensor[] {Elementwise.zip(g, mask, (a, b) -> a * b)}, x);
    }
}
