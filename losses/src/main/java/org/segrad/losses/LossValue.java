package org.segrad.losses;

import org.segrad.autodiff.Tensor;

/**
 * The value of a loss and its gradient with respect to the logits, from the analytic path.
 *
 * @param value    the loss
 * @param gradient ∂L/∂z, FLOAT64, of the logits' shape
 */
public record LossValue(double value, Tensor gradient) {}
