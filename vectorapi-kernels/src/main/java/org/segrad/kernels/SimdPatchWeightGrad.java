package org.segrad.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Weight gradient of the 2×2 stride-2 convolution ({@link ConvAlgorithm#PATCH_2X2}):
 * {@code dw[o][4c + t] = Σ_{b,p} dy_b[o][p] · col_b[4c + t][p]}, where the 4 taps {@code t = u·2 + v} of input channel c
 * are its deinterleaved rows. The reduction runs in chunks of {@link #CHUNK} positions of one image: the chunk's
 * deinterleaved rows of this thread's channels ({@code 4·channels × CHUNK}) stay in L2, the 4 dy rows of a block (read in
 * place) in L1. Blocks are 4 output channels × the 4 taps of one input channel, with their 16 vector accumulators
 * kept lane-wise in memory between chunks ({@code sums}) and reduced across lanes once at the end: no reduction per chunk.
 * Threads split the input channels and each sum runs in a fixed order, so the result does not depend on the thread count.
 */
final class SimdPatchWeightGrad {
    static final VectorSpecies<Float> S = SimdDirectConv.S;
    static final int L = S.length();
    /** Positions per chunk (a multiple of L): 4 dy rows of a chunk are 16 KiB. */
    static final int CHUNK = 1024;

    private SimdPatchWeightGrad() {}

    static void backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw) {
        int cIn = g.cIn(), cOut = g.cOut(), k = 4 * cIn, np = g.outH() * g.outW(), plane = g.h() * g.w();
        int inSize = cIn * plane, outSize = cOut * np, chunkLen = Math.min(CHUNK, np);
        Parallel.forRange(cIn, g.macs(), (c0, c1, piece) -> {
            int channels = c1 - c0;
            float[] col = Scratch.get(Scratch.PACKED_B, (long) 4 * channels * chunkLen);
            float[] sums = Scratch.get(Scratch.LANE_SUMS, (long) cOut * 4 * channels * L);
            java.util.Arrays.fill(sums, 0, cOut * 4 * channels * L, 0f);
            for (int b = 0; b < g.n(); b++)
                for (int p0 = 0; p0 < np; p0 += chunkLen) {
                    int len = Math.min(chunkLen, np - p0);
                    for (int c = c0; c < c1; c++)
                        SimdPatchConv.deinterleave(g, x, b * inSize + c * plane, p0, len, col, 4 * (c - c0) * chunkLen, chunkLen);
                    int dyO = b * outSize + p0;
                    int o = 0;
                    for (; o + 4 <= cOut; o += 4)
                        for (int c = 0; c < channels; c++)
                            block4x4(dy, dyO + o * np, np, col, 4 * c * chunkLen, chunkLen, len, sums, (o * channels + c) * 4 * L, channels);
                    for (; o < cOut; o++)
                        for (int c = 0; c < channels; c++)
                            block1x4(dy, dyO + o * np, col, 4 * c * chunkLen, chunkLen, len, sums, (o * channels + c) * 4 * L);
                }
            // sums[((o·channels + c)·4 + t)·L + lane] → dw[o][4·(c0 + c) + t], lanes added in order.
            for (int o = 0; o < cOut; o++)
                for (int c = 0; c < channels; c++)
                    for (int t = 0; t < 4; t++) dw[o * k + 4 * (c0 + c) + t] = Lanes.sum(sums, ((o * channels + c) * 4 + t) * L, L);
        });
    }

    /**
     * For dy rows {@code r < 4} at {@code dO + r·dStride} and col rows {@code t < 4} at {@code xO + t·xStride}, adds
     * {@code dy[r][q]·col[t][q]} over {@code q < len} lane-wise into the vectors at
     * {@code sums[sO + (r·channels·4 + t)·L]} (row r of the block is output channel o + r).
     */
    private static void block4x4(float[] dy, int dO, int dStride, float[] col, int xO, int xStride, int len,
                                 float[] sums, int sO, int channels) {
        int rs = channels * 4 * L; // distance between the sums of output channels o and o + 1
        int a0 = sO, a1 = sO + rs, a2 = sO + 2 * rs, a3 = sO + 3 * rs;
        FloatVector s00 = FloatVector.fromArray(S, sums, a0), s01 = FloatVector.fromArray(S, sums, a0 + L),
                s02 = FloatVector.fromArray(S, sums, a0 + 2 * L), s03 = FloatVector.fromArray(S, sums, a0 + 3 * L),
                s10 = FloatVector.fromArray(S, sums, a1), s11 = FloatVector.fromArray(S, sums, a1 + L),
                s12 = FloatVector.fromArray(S, sums, a1 + 2 * L), s13 = FloatVector.fromArray(S, sums, a1 + 3 * L),
                s20 = FloatVector.fromArray(S, sums, a2), s21 = FloatVector.fromArray(S, sums, a2 + L),
                s22 = FloatVector.fromArray(S, sums, a2 + 2 * L), s23 = FloatVector.fromArray(S, sums, a2 + 3 * L),
                s30 = FloatVector.fromArray(S, sums, a3), s31 = FloatVector.fromArray(S, sums, a3 + L),
                s32 = FloatVector.fromArray(S, sums, a3 + 2 * L), s33 = FloatVector.fromArray(S, sums, a3 + 3 * L);
        int d1 = dO + dStride, d2 = d1 + dStride, d3 = d2 + dStride;
        int x1 = xO + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        for (int q = 0; q < len; q += L) {
            FloatVector y0 = FloatVector.fromArray(S, dy, dO + q);
            FloatVector y1 = FloatVector.fromArray(S, dy, d1 + q);
            FloatVector y2 = FloatVector.fromArray(S, dy, d2 + q);
            FloatVector y3 = FloatVector.fromArray(S, dy, d3 + q);
            FloatVector c0 = FloatVector.fromArray(S, col, xO + q);
            FloatVector c1 = FloatVector.fromArray(S, col, x1 + q);
            FloatVector c2 = FloatVector.fromArray(S, col, x2 + q);
            FloatVector c3 = FloatVector.fromArray(S, col, x3 + q);
            s00 = y0.fma(c0, s00);
            s01 = y0.fma(c1, s01);
            s02 = y0.fma(c2, s02);
            s03 = y0.fma(c3, s03);
            s10 = y1.fma(c0, s10);
            s11 = y1.fma(c1, s11);
            s12 = y1.fma(c2, s12);
            s13 = y1.fma(c3, s13);
            s20 = y2.fma(c0, s20);
            s21 = y2.fma(c1, s21);
            s22 = y2.fma(c2, s22);
            s23 = y2.fma(c3, s23);
            s30 = y3.fma(c0, s30);
            s31 = y3.fma(c1, s31);
            s32 = y3.fma(c2, s32);
            s33 = y3.fma(c3, s33);
        }
        s00.intoArray(sums, a0);
        s01.intoArray(sums, a0 + L);
        s02.intoArray(sums, a0 + 2 * L);
        s03.intoArray(sums, a0 + 3 * L);
        s10.intoArray(sums, a1);
        s11.intoArray(sums, a1 + L);
        s12.intoArray(sums, a1 + 2 * L);
        s13.intoArray(sums, a1 + 3 * L);
        s20.intoArray(sums, a2);
        s21.intoArray(sums, a2 + L);
        s22.intoArray(sums, a2 + 2 * L);
        s23.intoArray(sums, a2 + 3 * L);
        s30.intoArray(sums, a3);
        s31.intoArray(sums, a3 + L);
        s32.intoArray(sums, a3 + 2 * L);
        s33.intoArray(sums, a3 + 3 * L);
    }

    /** {@link #block4x4} for one dy row (the output channels past the last whole group of 4). */
    private static void block1x4(float[] dy, int dO, float[] col, int xO, int xStride, int len, float[] sums, int sO) {
        FloatVector s0 = FloatVector.fromArray(S, sums, sO), s1 = FloatVector.fromArray(S, sums, sO + L),
                s2 = FloatVector.fromArray(S, sums, sO + 2 * L), s3 = FloatVector.fromArray(S, sums, sO + 3 * L);
        int x1 = xO + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        for (int q = 0; q < len; q += L) {
            FloatVector y0 = FloatVector.fromArray(S, dy, dO + q);
            s0 = y0.fma(FloatVector.fromArray(S, col, xO + q), s0);
            s1 = y0.fma(FloatVector.fromArray(S, col, x1 + q), s1);
            s2 = y0.fma(FloatVector.fromArray(S, col, x2 + q), s2);
            s3 = y0.fma(FloatVector.fromArray(S, col, x3 + q), s3);
        }
        s0.intoArray(sums, sO);
        s1.intoArray(sums, sO + L);
        s2.intoArray(sums, sO + 2 * L);
        s3.intoArray(sums, sO + 3 * L);
    }
}
