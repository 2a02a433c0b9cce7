package org.segrad.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Outer-product kernels of the stride-1 direct weight gradient ({@link SimdConv2dWeightGrad}): vectors run along the
 * output channels, so nothing is reduced across lanes. With dy transposed to position-major ({@code dyT[q·ld + o]},
 * zero at garbage positions, {@code ld} the output channels rounded up to whole vectors) and the padded input stored
 * channel-major ({@code xp}), {@code dwT[t·ld + o] += Σ_{q∈[q0,q1)} xp[tapOff[t] + q] · dyT[q·ld + o]}, the sum taken
 * in q order in one float accumulator per (tap, channel) and then added to {@code dwT}.
 * {@link #k2x12} keeps 2 vectors of channels × 12 taps of accumulators in registers (24 of the 32) and per position
 * loads 2 vectors and broadcasts 12 input values for 24 FMAs. Measured on Zen 5 (AVX-512, 1 thread, batch 4): 32→32
 * at 64², 64→64 at 32², 128→64 at 32² ≈ 155–165 GFLOP/s against 100–120 for the dot-product form
 * ({@link SimdConvWeightGrad}); 4 × 6 was no faster, and 1 × 24 (for 16 channels, one broadcast per FMA) three times
 * slower, so 16 channels or fewer keep the dot-product form. {@link #k2x1} does one tap (the remainder of a block).
 * Each kernel reads dyT, xp and tapOff and adds into its own 2 vectors of rows of dwT only.
 */
final class SimdConvWeightGradOuter {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private SimdConvWeightGradOuter() {}

    /**
     * One output row of every channel into position-major dyT: {@code dyT[(q + j)·ld + o] = dy[src + o·outPlane + j]}
     * for o &lt; cOut, j &lt; ow, and 0 for the padding channels cOut ≤ o &lt; ld. Overwrites those ow·ld entries only.
     */
    static void transposeRow(float[] dy, int src, int outPlane, int cOut, int ow, float[] dyT, int q, int ld) {
        if (ld != cOut) java.util.Arrays.fill(dyT, q * ld, (q + ow) * ld, 0f);
        for (int o = 0; o < cOut; o++, src += outPlane)
            for (int j = 0, d = q * ld + o; j < ow; j++, d += ld) dyT[d] = dy[src + j];
    }

    /** The channel stride {@code ld} of dyT and dwT for {@code cOut} output channels: whole pairs of vectors. */
    static int stride(int cOut) {
        return (cOut + 2 * L - 1) / (2 * L) * (2 * L);
    }

    /**
     * {@code dw[o·taps + t] = Σ_{q<qEnd} src[tapOff[t] + q] · dyT[q·ld + o]} for o &lt; cOut (overwritten), ld =
     * {@link #stride}: threads split the taps in blocks of 12 ({@code work} decides whether to split, see
     * {@link Parallel#forRange(int, long, Parallel.RangeBody)}); each thread runs chunks of positions (≤ 256 KiB of
     * dyT, kept in L2) outer, its tap blocks, then 2-vector channel blocks inner, into {@code dwT} (taps·ld floats of
     * scratch), and transposes its taps into dw. Each dw element is summed by one thread in position order.
     */
    static void weightGradient(float[] dyT, int ld, int cOut, float[] src, int[] tapOff, int taps, int qEnd,
                               float[] dwT, float[] dw, long work) {
        final int tb = 12;
        int chunkLen = Math.max(64, (64 << 10) / ld);
        Parallel.forRange((taps + tb - 1) / tb, work, (bl0, bl1, piece) -> {
            int t0 = bl0 * tb, t1 = Math.min(taps, bl1 * tb);
            java.util.Arrays.fill(dwT, t0 * ld, t1 * ld, 0f);
            for (int q0 = 0; q0 < qEnd; q0 += chunkLen) {
                int q1 = Math.min(qEnd, q0 + chunkLen);
                for (int t = t0; t < t1; t += tb) {
                    int full = Math.min(tb, t1 - t);
                    for (int o = 0; o < ld; o += 2 * L) {
                        if (full == tb) k2x12(dyT, ld, o, src, tapOff, t, q0, q1, dwT);
                        else for (int tt = t; tt < t + full; tt++) k2x1(dyT, ld, o, src, tapOff, tt, q0, q1, dwT);
                    }
                }
            }
            for (int t = t0; t < t1; t++)
                for (int o = 0; o < cOut; o++) dw[o * taps + t] = dwT[t * ld + o];
        });
    }

    /** 2 vector(s) of output channels × 12 taps: 24 accumulators, 2 load(s) + 12 broadcasts per 24 FMAs. */
    static void k2x12(float[] dyT, int ld, int o0, float[] xp, int[] tapOff, int t0, int q0, int q1, float[] dwT) {
        final int x0 = tapOff[t0 + 0];
        final int x1 = tapOff[t0 + 1];
        final int x2 = tapOff[t0 + 2];
        final int x3 = tapOff[t0 + 3];
        final int x4 = tapOff[t0 + 4];
        final int x5 = tapOff[t0 + 5];
        final int x6 = tapOff[t0 + 6];
        final int x7 = tapOff[t0 + 7];
        final int x8 = tapOff[t0 + 8];
        final int x9 = tapOff[t0 + 9];
        final int x10 = tapOff[t0 + 10];
        final int x11 = tapOff[t0 + 11];
        FloatVector a0_0 = FloatVector.zero(S); FloatVector a0_1 = FloatVector.zero(S);
        FloatVector a1_0 = FloatVector.zero(S); FloatVector a1_1 = FloatVector.zero(S);
        FloatVector a2_0 = FloatVector.zero(S); FloatVector a2_1 = FloatVector.zero(S);
        FloatVector a3_0 = FloatVector.zero(S); FloatVector a3_1 = FloatVector.zero(S);
        FloatVector a4_0 = FloatVector.zero(S); FloatVector a4_1 = FloatVector.zero(S);
        FloatVector a5_0 = FloatVector.zero(S); FloatVector a5_1 = FloatVector.zero(S);
        FloatVector a6_0 = FloatVector.zero(S); FloatVector a6_1 = FloatVector.zero(S);
        FloatVector a7_0 = FloatVector.zero(S); FloatVector a7_1 = FloatVector.zero(S);
        FloatVector a8_0 = FloatVector.zero(S); FloatVector a8_1 = FloatVector.zero(S);
        FloatVector a9_0 = FloatVector.zero(S); FloatVector a9_1 = FloatVector.zero(S);
        FloatVector a10_0 = FloatVector.zero(S); FloatVector a10_1 = FloatVector.zero(S);
        FloatVector a11_0 = FloatVector.zero(S); FloatVector a11_1 = FloatVector.zero(S);
        for (int q = q0, d = q0 * ld + o0; q < q1; q++, d += ld) {
            FloatVector d0 = FloatVector.fromArray(S, dyT, d + 0 * L);
            FloatVector d1 = FloatVector.fromArray(S, dyT, d + 1 * L);
            FloatVector b;
            b = FloatVector.broadcast(S, xp[x0 + q]);
            a0_0 = b.fma(d0, a0_0);
            a0_1 = b.fma(d1, a0_1);
            b = FloatVector.broadcast(S, xp[x1 + q]);
            a1_0 = b.fma(d0, a1_0);
            a1_1 = b.fma(d1, a1_1);
            b = FloatVector.broadcast(S, xp[x2 + q]);
            a2_0 = b.fma(d0, a2_0);
            a2_1 = b.fma(d1, a2_1);
            b = FloatVector.broadcast(S, xp[x3 + q]);
            a3_0 = b.fma(d0, a3_0);
            a3_1 = b.fma(d1, a3_1);
            b = FloatVector.broadcast(S, xp[x4 + q]);
            a4_0 = b.fma(d0, a4_0);
            a4_1 = b.fma(d1, a4_1);
            b = FloatVector.broadcast(S, xp[x5 + q]);
            a5_0 = b.fma(d0, a5_0);
            a5_1 = b.fma(d1, a5_1);
            b = FloatVector.broadcast(S, xp[x6 + q]);
            a6_0 = b.fma(d0, a6_0);
            a6_1 = b.fma(d1, a6_1);
            b = FloatVector.broadcast(S, xp[x7 + q]);
            a7_0 = b.fma(d0, a7_0);
            a7_1 = b.fma(d1, a7_1);
            b = FloatVector.broadcast(S, xp[x8 + q]);
            a8_0 = b.fma(d0, a8_0);
            a8_1 = b.fma(d1, a8_1);
            b = FloatVector.broadcast(S, xp[x9 + q]);
            a9_0 = b.fma(d0, a9_0);
            a9_1 = b.fma(d1, a9_1);
            b = FloatVector.broadcast(S, xp[x10 + q]);
            a10_0 = b.fma(d0, a10_0);
            a10_1 = b.fma(d1, a10_1);
            b = FloatVector.broadcast(S, xp[x11 + q]);
            a11_0 = b.fma(d0, a11_0);
            a11_1 = b.fma(d1, a11_1);
        }
        int w;
        w = (t0 + 0) * ld + o0;
        a0_0.add(FloatVector.fromArray(S, dwT, w + 0 * L)).intoArray(dwT, w + 0 * L);
        a0_1.add(FloatVector.fromArray(S, dwT, w + 1 * L)).intoArray(dwT, w + 1 * L);
        w = (t0 + 1) * ld + o0;
        a1_0.add(FloatVector.fromArray(S, dwT, w + 0 * L)).intoArray(dwT, w + 0 * L);
        a1_1.add(FloatVector.fromArray(S, dwT, w + 1 * L)).intoArray(dwT, w + 1 * L);
        w = (t0 + 2) * ld + o0;
        a2_0.add(FloatVector.fromArray(S, dwT, w + 0 * L)).intoArray(dwT, w + 0 * L);
        a2_1.add(FloatVector.fromArray(S, dwT, w + 1 * L)).intoArray(dwT, w + 1 * L);
        w = (t0 + 3) * ld + o0;
        a3_0.add(FloatVector.fromArray(S, dwT, w + 0 * L)).intoArray(dwT, w + 0 * L);
        a3_1.add(FloatVector.fromArray(S, dwT, w + 1 * L)).intoArray(dwT, w + 1 * L);
        w = (t0 + 4) * ld + o0;
        a4_0.add(FloatVector.fromArray(S, dwT, w + 0 * L)).intoArray(dwT, w + 0 * L);
        a4_1.add(FloatVector.fromArray(S, dwT, w + 1 * L)).intoArray(dwT, w + 1 * L);
        w = (t0 + 5) * ld + o0;
        a5_0.add(FloatVector.fromArray(S, dwT, w + 0 * L)).intoArray(dwT, w + 0 * L);
        a5_1.add(FloatVector.fromArray(S, dwT, w + 1 * L)).intoArray(dwT, w + 1 * L);
        w = (t0 + 6) * ld + o0;
        a6_0.add(FloatVector.fromArray(S, dwT, w + 0 * L)).intoArray(dwT, w + 0 * L);
        a6_1.add(FloatVector.fromArray(S, dwT, w + 1 * L)).intoArray(dwT, w + 1 * L);
        w = (t0 + 7) * ld + o0;
        a7_0.add(FloatVector.fromArray(S, dwT, w + 0 * L)).intoArray(dwT, w + 0 * L);
        a7_1.add(FloatVector.fromArray(S, dwT, w + 1 * L)).intoArray(dwT, w + 1 * L);
        w = (t0 + 8) * ld + o0;
        a8_0.add(FloatVector.fromArray(S, dwT, w + 0 * L)).intoArray(dwT, w + 0 * L);
        a8_1.add(FloatVector.fromArray(S, dwT, w + 1 * L)).intoArray(dwT, w + 1 * L);
        w = (t0 + 9) * ld + o0;
        a9_0.add(FloatVector.fromArray(S, dwT, w + 0 * L)).intoArray(dwT, w + 0 * L);
        a9_1.add(FloatVector.fromArray(S, dwT, w + 1 * L)).intoArray(dwT, w + 1 * L);
        w = (t0 + 10) * ld + o0;
        a10_0.add(FloatVector.fromArray(S, dwT, w + 0 * L)).intoArray(dwT, w + 0 * L);
        a10_1.add(FloatVector.fromArray(S, dwT, w + 1 * L)).intoArray(dwT, w + 1 * L);
        w = (t0 + 11) * ld + o0;
        a11_0.add(FloatVector.fromArray(S, dwT, w + 0 * L)).intoArray(dwT, w + 0 * L);
        a11_1.add(FloatVector.fromArray(S, dwT, w + 1 * L)).intoArray(dwT, w + 1 * L);
    }

    /** 2 vector(s) of output channels × 1 taps: 2 accumulators, 2 load(s) + 1 broadcasts per 2 FMAs. */
    static void k2x1(float[] dyT, int ld, int o0, float[] xp, int[] tapOff, int t0, int q0, int q1, float[] dwT) {
        final int x0 = tapOff[t0 + 0];
        FloatVector a0_0 = FloatVector.zero(S); FloatVector a0_1 = FloatVector.zero(S);
        for (int q = q0, d = q0 * ld + o0; q < q1; q++, d += ld) {
            FloatVector d0 = FloatVector.fromArray(S, dyT, d + 0 * L);
            FloatVector d1 = FloatVector.fromArray(S, dyT, d + 1 * L);
            FloatVector b;
            b = FloatVector.broadcast(S, xp[x0 + q]);
            a0_0 = b.fma(d0, a0_0);
            a0_1 = b.fma(d1, a0_1);
        }
        int w;
        w = (t0 + 0) * ld + o0;
        a0_0.add(FloatVector.fromArray(S, dwT, w + 0 * L)).intoArray(dwT, w + 0 * L);
        a0_1.add(FloatVector.fromArray(S, dwT, w + 1 * L)).intoArray(dwT, w + 1 * L);
    }

}
