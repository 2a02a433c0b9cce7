package org.segrad.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 2×2 max-pool forward of one output row in vectors ({@link MaxPool2x2Kernels}'s rule exactly): the two
 * input rows are split into their even and odd columns (v0 v1 / v2 v3 of each window), m = max(max(v0, v1),
 * max(v2, v3)) with {@code Math.max}'s NaN and ±0 rules, the winner is the first element equal to m (so −0 can win
 * over +0 as in the scalar scan) or, when m is NaN, the last NaN; its value and position 0..3 are stored. The scalar
 * loop of {@link Float32ArrayKernels#maxPool2x2} does the rest of the row. Same bits as the scalar loop except NaN
 * payloads, which the Vector API may canonicalise (a NaN stays a NaN; {@code MaxPoolParityProperties}).
 */
final class SimdMaxPool {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(S, l -> (2 * l) % L);
    private static final VectorShuffle<Float> ODDS = VectorShuffle.fromOp(S, l -> (2 * l + 1) % L);
    private static final VectorMask<Float> UPPER = VectorMask.fromLong(S, ((1L << L) - 1) & ~((1L << (L / 2)) - 1));

    private SimdMaxPool() {}

    /**
     * Outputs {@code [0, j)} of the row whose input rows start at {@code r0} and {@code r0 + w}, written at
     * {@code d[o + ·]} and {@code arg[o + ·]}, for the largest multiple j of the vector length ≤ ow (0 when SIMD is
     * off); returns j. Reads s; overwrites only those outputs.
     */
    static int row(float[] s, int r0, int w, float[] d, byte[] arg, int o, int ow) {
        if (!SimdSupport.enabled()) return 0;
        float[] at = Lanes.scratch();
        int r1 = r0 + w, j = 0;
        for (; j + L <= ow; j += L) {
            FloatVector lo0 = FloatVector.fromArray(S, s, r0 + 2 * j), hi0 = FloatVector.fromArray(S, s, r0 + 2 * j + L);
            FloatVector lo1 = FloatVector.fromArray(S, s, r1 + 2 * j), hi1 = FloatVector.fromArray(S, s, r1 + 2 * j + L);
            FloatVector v0 = lo0.rearrange(EVENS).blend(hi0.rearrange(EVENS), UPPER);
            FloatVector v1 = lo0.rearrange(ODDS).blend(hi0.rearrange(ODDS), UPPER);
            FloatVector v2 = lo1.rearrange(EVENS).blend(hi1.rearrange(EVENS), UPPER);
            FloatVector v3 = lo1.rearrange(ODDS).blend(hi1.rearrange(ODDS), UPPER);
            FloatVector m = v0.max(v1).max(v2.max(v3));
            // The first equal element wins: apply the positions from last to first.
            VectorMask<Float> e2 = v2.eq(m), e1 = v1.eq(m), e0 = v0.eq(m);
            FloatVector out = v3.blend(v2, e2).blend(v1, e1).blend(v0, e0);
            FloatVector pos = FloatVector.broadcast(S, 3f).blend(2f, e2).blend(1f, e1).blend(0f, e0);
            VectorMask<Float> nan = m.test(VectorOperators.IS_NAN);
            if (nan.anyTrue()) {
                // The last NaN wins: apply the positions from first to last.
                VectorMask<Float> n1 = v1.test(VectorOperators.IS_NAN), n2 = v2.test(VectorOperators.IS_NAN),
                        n3 = v3.test(VectorOperators.IS_NAN);
                out = out.blend(v0.blend(v1, n1).blend(v2, n2).blend(v3, n3), nan);
                pos = pos.blend(FloatVector.zero(S).blend(1f, n1).blend(2f, n2).blend(3f, n3), nan);
            }
            out.intoArray(d, o + j);
            pos.intoArray(at, 0);
            for (int k = 0; k < L; k++) arg[o + j + k] = (byte) at[k];
        }
        return j;
    }
}
