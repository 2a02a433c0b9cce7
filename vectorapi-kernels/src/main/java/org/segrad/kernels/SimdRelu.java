package org.segrad.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** SIMD ReLU (memory-bound: one vector per step, scalar tail); formulas in {@link ReluKernels}. */
final class SimdRelu {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private SimdRelu() {}

    static void forward(float[] x, float[] y, int off, int len) {
        int i = off, end = off + len;
        // Math.max(x, 0) as compare + blend: x ≤ 0 (−0 included) gives +0, NaN (never ≤) stays NaN.
        FloatVector zero = FloatVector.zero(S);
        for (; i + L <= end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            VectorMask<Float> notPos = v.compare(VectorOperators.LE, 0f);
            v.blend(zero, notPos).intoArray(y, i);
        }
        for (; i < end; i++) y[i] = Math.max(x[i], 0f);
    }

    static void backward(float[] x, float[] dy, float[] dx, int off, int len) {
        int i = off, end = off + len;
        FloatVector zero = FloatVector.zero(S);
        for (; i + L <= end; i += L) {
            VectorMask<Float> pos = FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, dy, i), pos).intoArray(dx, i);
        }
        for (; i < end; i++) dx[i] = x[i] > 0f ? dy[i] : 0f;
    }
}
