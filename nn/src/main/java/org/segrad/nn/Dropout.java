package org.segrad.nn;

import java.util.SplittableRandom;
import org.segrad.autodiff.Tensor;

/**
 * Inverted dropout (torch.nn.Dropout): in training each element is zeroed with probability p and the rest are scaled
 * by 1/(1 − p); in eval mode it is the identity. Masks are reproducible: the k-th training call uses the k-th seed of
 * {@code SplittableRandom(seed)}, so the same seed and the same call sequence drop the same elements.
 */
public class Dropout extends Module {
    private final double p;
    private final SplittableRandom seeds;

    public Dropout(double p, long seed) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        this.p = p;
        this.seeds = new SplittableRandom(seed);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) return x;
        return org.segrad.autodiff.Dropout.dropout(x, p, true, seeds.nextLong());
    }

    @Override
    protected String describe() {
        return "Dropout(p=" + p + ")";
    }
}
