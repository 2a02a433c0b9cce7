package org.segrad.autodiff;

import java.util.Locale;

/**
 * Every primitive op of the engine. An op can only be recorded on the tape under one of these constants, and
 * {@link OpRegistry} must hold a gradient-check case for each, so a new op cannot slip past the tests.
 */
public enum Primitive {
    ADD, SUB, MUL, DIV, NEG, POW, EXP, LOG, SQRT, ABS, CLAMP, RELU, SIGMOID, TANH, CAST,
    SOFTMAX, LOG_SOFTMAX,
    SUM, MEAN, MAX,
    RESHAPE, PERMUTE, CONCAT, SLICE, PAD,
    MATMUL, WHERE, ONE_HOT,
    CONV2D, CONV_TRANSPOSE2D, MAX_POOL2D, AVG_POOL2D, BATCH_NORM2D, BATCH_NORM2D_RELU, DROPOUT;

    /** Lower-case name as shown in tables and grad_fn names, e.g. {@code log_softmax}. */
    public String opName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the op has a gradient (one-hot is piecewise constant in its integer labels and has none). */
    public boolean differentiable() {
        return this != ONE_HOT;
    }
}
