package org.segrad.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's float32 FMA peak as the Vector API sees it: 16 independent accumulators (more than FMA latency ×
 * FMA ports, so the chain never stalls), each doing {@code v = v·m + a}, nothing loaded from memory.
 */
final class SimdFmaPeak {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private SimdFmaPeak() {}

    /** Runs {@code iterations × 16} vector FMAs; returns a value that depends on all of them. */
    static float run(long iterations) {
        FloatVector m = FloatVector.broadcast(S, 0.999999f), a = FloatVector.broadcast(S, 1e-7f);
        FloatVector v0 = FloatVector.broadcast(S, 0 * 1e-3f), v1 = FloatVector.broadcast(S, 1 * 1e-3f), v2 = FloatVector.broadcast(S, 2 * 1e-3f), v3 = FloatVector.broadcast(S, 3 * 1e-3f), v4 = FloatVector.broadcast(S, 4 * 1e-3f), v5 = FloatVector.broadcast(S, 5 * 1e-3f), v6 = FloatVector.broadcast(S, 6 * 1e-3f), v7 = FloatVector.broadcast(S, 7 * 1e-3f), v8 = FloatVector.broadcast(S, 8 * 1e-3f), v9 = FloatVector.broadcast(S, 9 * 1e-3f), v10 = FloatVector.broadcast(S, 10 * 1e-3f), v11 = FloatVector.broadcast(S, 11 * 1e-3f), v12 = FloatVector.broadcast(S, 12 * 1e-3f), v13 = FloatVector.broadcast(S, 13 * 1e-3f), v14 = FloatVector.broadcast(S, 14 * 1e-3f), v15 = FloatVector.broadcast(S, 15 * 1e-3f);
        for (long it = 0; it < iterations; it++) {
            v0 = v0.fma(m, a);
            v1 = v1.fma(m, a);
            v2 = v2.fma(m, a);
            v3 = v3.fma(m, a);
            v4 = v4.fma(m, a);
            v5 = v5.fma(m, a);
            v6 = v6.fma(m, a);
            v7 = v7.fma(m, a);
            v8 = v8.fma(m, a);
            v9 = v9.fma(m, a);
            v10 = v10.fma(m, a);
            v11 = v11.fma(m, a);
            v12 = v12.fma(m, a);
            v13 = v13.fma(m, a);
            v14 = v14.fma(m, a);
            v15 = v15.fma(m, a);
        }
        return v0.reduceLanes(VectorOperators.ADD) + v1.reduceLanes(VectorOperators.ADD) + v2.reduceLanes(VectorOperators.ADD) + v3.reduceLanes(VectorOperators.ADD) + v4.reduceLanes(VectorOperators.ADD) + v5.reduceLanes(VectorOperators.ADD) + v6.reduceLanes(VectorOperators.ADD) + v7.reduceLanes(VectorOperators.ADD) + v8.reduceLanes(VectorOperators.ADD) + v9.reduceLanes(VectorOperators.ADD) + v10.reduceLanes(VectorOperators.ADD) + v11.reduceLanes(VectorOperators.ADD) + v12.reduceLanes(VectorOperators.ADD) + v13.reduceLanes(VectorOperators.ADD) + v14.reduceLanes(VectorOperators.ADD) + v15.reduceLanes(VectorOperators.ADD);
    }

    static int lanes() { return S.length(); }
}
