package org.segrad.autodiff;

import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * One registry entry: a primitive, a sampler of random FLOAT64 inputs (shapes with size-1 dims, broadcasting and odd
 * sizes), and the expression that applies the op to them. Inputs that require grad are the ones gradient-checked.
 */
public record OpCase(Primitive op, Sampler sampler, GradCheck.Options options) {

    /** Draws one set of inputs together with the expression to run on them. */
    @FunctionalInterface
    public interface Sampler {
        Sample draw(SplittableRandom r);
    }

    /** Inputs, the function of them to check, and a short description of the draw (shapes, parameters). */
    public record Sample(Tensor[] inputs, Function<Tensor[], Tensor> fn, String description) {}

    public OpCase(Primitive op, Sampler sampler) {
        this(op, sampler, GradCheck.Options.DEFAULT);
    }

    public OpCase withOptions(GradCheck.Options opt) {
        return new OpCase(op, sampler, opt);
    }

    /** Gradient-checks one random draw. */
    public GradCheck.Report check(long seed) {
        Sample s = sampler.draw(new SplittableRandom(seed));
        return GradCheck.check(op.opName() + " " + s.description(), s.fn(), options, s.inputs());
    }
}
