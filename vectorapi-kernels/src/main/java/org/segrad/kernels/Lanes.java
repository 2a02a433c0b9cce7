package org.segrad.kernels;

import jdk.incubator.vector.FloatVector;

/**
 * Lane sums in a fixed order. {@code reduceLanes(ADD)} on floats may add the lanes in any order (its specification
 * allows it, and the interpreter's fallback and C2's intrinsic need not agree), so a kernel that used it could give
 * results that depend on when the JIT compiled it — and a training run would then not repeat bit for bit.
 */
final class Lanes {
    private Lanes() {}

    /** Per-thread room for 16 vectors' lanes (see {@link #scratch()}). */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[16 * FloatVector.SPECIES_PREFERRED.length()]);

    /**
     * A thread's scratch array of 16 preferred-species vectors. A kernel stores its accumulators here with
     * {@code intoArray} and sums them with {@link #sum(float[], int, int)}: passing a vector to a method that the
     * JIT does not inline boxes it (each call allocated ~100 bytes, ~40 MiB per unet-small training step).
     */
    static float[] scratch() {
        return SCRATCH.get();
    }

    private static final float[] ZEROS = new float[16 * FloatVector.SPECIES_PREFERRED.length()];

    /** 16 vectors of zeros, read-only: a kernel that starts some sums from memory and others from zero loads these. */
    static float[] zeros() {
        return ZEROS;
    }

    /** a[off] + a[off+1] + … + a[off+len−1], left to right, in float. */
    static float sum(float[] a, int off, int len) {
        float s = 0;
        for (int i = off; i < off + len; i++) s += a[i];
        return s;
    }
}
