package org.segrad.losses;

import org.segrad.kernels.ExpressionKernels;

/**
 * The analytic (float64, tape-free) face of a {@link Term} evaluated on one batch: its value — one number for a
 * scalar, one per pixel (M = N·d1·…, the labels' row-major order) for a per-pixel term — and its vector–Jacobian
 * product, which adds upstream · ∂value/∂z into a gradient laid out like the logits.
 */
final class Node {
    /** How a node passes an upstream gradient (same length as {@link #v}) on into ∂/∂z. */
    @FunctionalInterface
    interface Backward {
        void apply(double[] up, double[] gz);
    }

    private static final Backward NONE = (up, gz) -> {};

    /** Length 1 for a scalar, M for a per-pixel value. */
    final double[] v;
    /** Per-pixel (even when M = 1) or scalar. */
    final boolean perPixel;
    private final Backward backward;

    Node(double[] v, boolean perPixel, Backward backward) {
        this.v = v;
        this.perPixel = perPixel;
        this.backward = backward;
    }

    /** A node through which no gradient flows (constants, detached values). */
    static Node constant(double[] v, boolean perPixel) {
        return new Node(v, perPixel, NONE);
    }

    static Node scalar(double value, Backward backward) {
        return new Node(new double[] {value}, false, backward);
    }

    static Node pixels(double[] v, Backward backward) {
        return new Node(v, true, backward);
    }

    /** A scalar with a precomputed gradient g: gz += up · g. */
    static Node ofPiece(Piece p) {
        return scalar(p.value(), (up, gz) -> {
            double u = up[0];
            if (u == 0) return;
            ExpressionKernels.addScaled(gz, u, p.grad());
        });
    }

    void backward(double[] up, double[] gz) {
        backward.apply(up, gz);
    }
}
