package org.segrad.kernels;

import jdk.incubator.vector.FloatVector;

/**
 * Lane sums in a fixed order. {@code reduceLanes(ADD)} on floats may add the lanes in any order (its specification
 * allows it, and the interpreter's fallback and C2's intrinsic need not agree), so a kernel that used it could give
 * results that depend on when the JIT compiled it — and a training run would then not repeat bit for bit.
 */
final class Lanes {
    private Lanes() {}

    /** lane 0 + lane 1 + … + lane L−1, left to right, in float. */
    static float sum(FloatVector v) {
        float[] a = new float[v.length()];
        v.intoArray(a, 0);
        float s = 0;
        for (float x : a) s += x;
        return s;
    }
}
