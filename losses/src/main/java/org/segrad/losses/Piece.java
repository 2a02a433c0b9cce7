package org.segrad.losses;

import org.segrad.autodiff.Tensor;
import org.segrad.kernels.ExpressionKernels;

/** A term of a loss on the analytic path: its value and ∂term/∂z as a flat float64 array in the logits' layout. */
record Piece(double value, double[] grad) {

    /** a·this + b·other (values and gradients). */
    Piece combine(double a, Piece other, double b) {
        double[] g = new double[grad.length];
        ExpressionKernels.combine(a, grad, b, other.grad, g);
        return new Piece(a * value + b * other.value, g);
    }

    LossValue toLossValue(int[] shape) {
        return new LossValue(value, Tensor.fromArray(grad, shape));
    }

    /** A zero-valued term connected to the logits (so that backward still reaches them, with gradient 0). */
    static Tensor zeroLike(Tensor logits) {
        return logits.sum().mul(0.0);
    }
}
