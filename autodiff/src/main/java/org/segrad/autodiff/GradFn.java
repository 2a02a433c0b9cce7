package org.segrad.autodiff;

/**
 * The vector-Jacobian product of one recorded operation: given the gradient of the loss with respect to the
 * operation's output, returns the gradients with respect to each input (an entry may be {@code null} for an input
 * that needs none). It runs with gradient recording off, so it may freely call other ops.
 */
@FunctionalInterface
public interface GradFn {
    Tensor[] apply(Tensor gradOutput);
}
