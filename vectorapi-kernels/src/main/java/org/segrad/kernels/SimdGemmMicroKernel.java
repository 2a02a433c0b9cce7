package org.segrad.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked SIMD micro-kernel of every float32 GEMM:
 * {@code C[MR×NR] (+)= Apanel[MR×kc] · Bpanel[kc×NR]} from packed panels, with
 * {@code MR = 8} rows and {@code NR = 3} vectors of columns: 24 accumulators, one broadcast per 3 FMAs and
 * 3 loads per 24 FMAs, so the loop is FMA-bound (24 + 3 + 1 of the 32 vector registers).
 * Packed layouts: {@code ap[p·MR + r]}, {@code bp[p·NR + j]}.
 * Accumulators live only inside this method's single loop (a vector carried across a loop nest is boxed).
 */
final class SimdGemmMicroKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 8;
    static final int NR = 3 * L;

    private SimdGemmMicroKernel() {}

    /** {@code C[r, 0..NR)} at {@code c[cO + r·ldc + j]} is overwritten or accumulated into; nothing else is touched. */
    static void kernel(int kc, float[] ap, int aO, float[] bp, int bO, float[] c, int cO, int ldc, boolean overwrite) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S),
                c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S),
                c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S),
                c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S),
                c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S),
                c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S),
                c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c62 = FloatVector.zero(S),
                c70 = FloatVector.zero(S), c71 = FloatVector.zero(S), c72 = FloatVector.zero(S);
        int ai = aO, bi = bO;
        for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            c32 = a.fma(b2, c32);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            c42 = a.fma(b2, c42);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            c52 = a.fma(b2, c52);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            c62 = a.fma(b2, c62);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            c72 = a.fma(b2, c72);
        }
        // Stores written out in full: a helper taking vectors as arguments is not always inlined, and then boxes.
        if (overwrite) {
            c00.intoArray(c, cO + 0 * ldc);
            c01.intoArray(c, cO + 0 * ldc + 1 * L);
            c02.intoArray(c, cO + 0 * ldc + 2 * L);
            c10.intoArray(c, cO + 1 * ldc);
            c11.intoArray(c, cO + 1 * ldc + 1 * L);
            c12.intoArray(c, cO + 1 * ldc + 2 * L);
            c20.intoArray(c, cO + 2 * ldc);
            c21.intoArray(c, cO + 2 * ldc + 1 * L);
            c22.intoArray(c, cO + 2 * ldc + 2 * L);
            c30.intoArray(c, cO + 3 * ldc);
            c31.intoArray(c, cO + 3 * ldc + 1 * L);
            c32.intoArray(c, cO + 3 * ldc + 2 * L);
            c40.intoArray(c, cO + 4 * ldc);
            c41.intoArray(c, cO + 4 * ldc + 1 * L);
            c42.intoArray(c, cO + 4 * ldc + 2 * L);
            c50.intoArray(c, cO + 5 * ldc);
            c51.intoArray(c, cO + 5 * ldc + 1 * L);
            c52.intoArray(c, cO + 5 * ldc + 2 * L);
            c60.intoArray(c, cO + 6 * ldc);
            c61.intoArray(c, cO + 6 * ldc + 1 * L);
            c62.intoArray(c, cO + 6 * ldc + 2 * L);
            c70.intoArray(c, cO + 7 * ldc);
            c71.intoArray(c, cO + 7 * ldc + 1 * L);
            c72.intoArray(c, cO + 7 * ldc + 2 * L);
        } else {
            c00.add(FloatVector.fromArray(S, c, cO + 0 * ldc)).intoArray(c, cO + 0 * ldc);
            c01.add(FloatVector.fromArray(S, c, cO + 0 * ldc + 1 * L)).intoArray(c, cO + 0 * ldc + 1 * L);
            c02.add(FloatVector.fromArray(S, c, cO + 0 * ldc + 2 * L)).intoArray(c, cO + 0 * ldc + 2 * L);
            c10.add(FloatVector.fromArray(S, c, cO + 1 * ldc)).intoArray(c, cO + 1 * ldc);
            c11.add(FloatVector.fromArray(S, c, cO + 1 * ldc + 1 * L)).intoArray(c, cO + 1 * ldc + 1 * L);
            c12.add(FloatVector.fromArray(S, c, cO + 1 * ldc + 2 * L)).intoArray(c, cO + 1 * ldc + 2 * L);
            c20.add(FloatVector.fromArray(S, c, cO + 2 * ldc)).intoArray(c, cO + 2 * ldc);
            c21.add(FloatVector.fromArray(S, c, cO + 2 * ldc + 1 * L)).intoArray(c, cO + 2 * ldc + 1 * L);
            c22.add(FloatVector.fromArray(S, c, cO + 2 * ldc + 2 * L)).intoArray(c, cO + 2 * ldc + 2 * L);
            c30.add(FloatVector.fromArray(S, c, cO + 3 * ldc)).intoArray(c, cO + 3 * ldc);
            c31.add(FloatVector.fromArray(S, c, cO + 3 * ldc + 1 * L)).intoArray(c, cO + 3 * ldc + 1 * L);
            c32.add(FloatVector.fromArray(S, c, cO + 3 * ldc + 2 * L)).intoArray(c, cO + 3 * ldc + 2 * L);
            c40.add(FloatVector.fromArray(S, c, cO + 4 * ldc)).intoArray(c, cO + 4 * ldc);
            c41.add(FloatVector.fromArray(S, c, cO + 4 * ldc + 1 * L)).intoArray(c, cO + 4 * ldc + 1 * L);
            c42.add(FloatVector.fromArray(S, c, cO + 4 * ldc + 2 * L)).intoArray(c, cO + 4 * ldc + 2 * L);
            c50.add(FloatVector.fromArray(S, c, cO + 5 * ldc)).intoArray(c, cO + 5 * ldc);
            c51.add(FloatVector.fromArray(S, c, cO + 5 * ldc + 1 * L)).intoArray(c, cO + 5 * ldc + 1 * L);
            c52.add(FloatVector.fromArray(S, c, cO + 5 * ldc + 2 * L)).intoArray(c, cO + 5 * ldc + 2 * L);
            c60.add(FloatVector.fromArray(S, c, cO + 6 * ldc)).intoArray(c, cO + 6 * ldc);
            c61.add(FloatVector.fromArray(S, c, cO + 6 * ldc + 1 * L)).intoArray(c, cO + 6 * ldc + 1 * L);
            c62.add(FloatVector.fromArray(S, c, cO + 6 * ldc + 2 * L)).intoArray(c, cO + 6 * ldc + 2 * L);
            c70.add(FloatVector.fromArray(S, c, cO + 7 * ldc)).intoArray(c, cO + 7 * ldc);
            c71.add(FloatVector.fromArray(S, c, cO + 7 * ldc + 1 * L)).intoArray(c, cO + 7 * ldc + 1 * L);
            c72.add(FloatVector.fromArray(S, c, cO + 7 * ldc + 2 * L)).intoArray(c, cO + 7 * ldc + 2 * L);
        }
    }
}
