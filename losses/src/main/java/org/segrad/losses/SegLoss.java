package org.segrad.losses;

import org.segrad.autodiff.Autograd;
import org.segrad.autodiff.Elementwise;
import org.segrad.autodiff.Tensor;

/**
 * A segmentation loss of logits z ∈ R^{N×C×…} (softmax over axis 1) and an integer label map of shape [N, …].
 *
 * <p>Every loss has two independent implementations: {@link #forward}, a composition of recorded autodiff ops
 * (the reference), and {@link #analytic}, a hand-derived gradient (docs/losses.md) that the property tests prove
 * equal to it. {@link #fused} puts the analytic path on the tape through {@link Autograd#record}, which is the
 * cheap way to train with it.
 */
public interface SegLoss {

    /** The CLI name (ce, dice, ce+dice, focal, tversky, ml, caml), or the loss expression as typed. */
    String name();

    /** The options this loss was built with; null for a loss expression, whose options live in its terms. */
    LossOptions options();

    /** The loss as a composition of autodiff ops: a scalar tensor whose {@code backward()} reaches the logits. */
    Tensor forward(Tensor logits, Tensor labels);

    /** The loss value and its analytic gradient ∂L/∂z (FLOAT64), computed without the tape. */
    LossValue analytic(Tensor logits, Tensor labels);

    /** ∂L/∂z from the analytic path, in the logits' dtype. */
    default Tensor analyticGradient(Tensor logits, Tensor labels) {
        Tensor g = analytic(logits, labels).gradient();
        return g.dtype() == logits.dtype() ? g : g.to(logits.dtype()).detach();
    }

    /**
     * The loss as one recorded op whose backward is the analytic gradient: {@code fused(z, y).backward()} gives
     * {@code z.grad() = analyticGradient(z, y)}. The value is a 0-dimensional tensor in the logits' dtype.
     */
    default Tensor fused(Tensor logits, Tensor labels) {
        if (!logits.device().isCpu()) {
            throw new UnsupportedOperationException("loss " + name() + " is not implemented on " + logits.device()
                    + " (only ce is); use --loss ce or the CPU");
        }
        LossValue v = analytic(logits, labels);
        return recordFused(name(), logits, labels, v.value(),
                v.gradient().dtype() == logits.dtype() ? v.gradient() : v.gradient().to(logits.dtype()).detach());
    }

    /** The op {@code loss:NAME} with the given value and gradient ∂L/∂z (in the logits' dtype), as {@link #fused} records it. */
    static Tensor recordFused(String name, Tensor logits, Tensor labels, double value, Tensor grad) {
        Tensor out = Tensor.scalar(value, logits.dtype());
        return Autograd.record("loss:" + name, out, g -> {
            double s = g.item();
            return new Tensor[] {Elementwise.map(grad, x -> x * s), null};
        }, logits, labels);
    }
}
