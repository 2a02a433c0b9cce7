package org.segrad.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link ConvAlgorithm#PATCH_2X2} passes: a 2×2 stride-2 convolution without padding or dilation (the U-Net's
 * transposed convolution is its adjoint). The taps never overlap, so with {@code k = (c·2 + u)·2 + v} and
 * {@code p = i·outW + j} the column matrix {@code col[k][p] = x[c, 2i+u, 2j+v]} is a permutation of x, and
 * <pre>
 * forward:        y_b[o][p]          = Σ_k w[o][k] · col_b[k][p]
 * backwardData:   dx_b[c,2i+u,2j+v]  = Σ_o w[o][k] · dy_b[o][p]              (a product scattered with stride 2)
 * backwardWeight: dw[o][k]           = Σ_{b,p} dy_b[o][p] · col_b[k][p]
 * </pre>
 * No column matrix is built for the two products: per tile of {@link #NT} positions the forward packs the
 * deinterleaved input rows ({@code 4·cIn × NT}, in L1) and runs the 8 × 2-vector block of {@link SimdDirectConv} on
 * them, and backward-data runs that block on dy's rows in place into an 8-row tile whose rows (c, u, v = 0) and
 * (c, u, v = 1) are interleaved while storing (SIMD even/odd shuffles, two vectors of an input row per vector of
 * positions). The weight gradient is {@link SimdPatchWeightGrad}.
 *
 * <p>Needs {@code outW % L == 0} so that every vector of positions lies in one output row (see {@link #supports}).
 * Every output element is computed by one micro-kernel call or one dot product, whatever the thread split, so
 * results do not depend on the thread count. Same contracts as {@link ScalarConv2d} (outputs overwritten).
 */
final class SimdPatchConv {
    static final VectorSpecies<Float> S = SimdDirectConv.S;
    static final int L = S.length();
    static final int MR = SimdDirectConv.MR;
    /** Positions per tile: one 8 × 2-vector block of {@link SimdDirectConv} per 8 rows (the last tile may hold one vector). */
    static final int NT = 2 * L;

    /** Lane l ← lane 2l (mod L) and 2l+1 (mod L): with a blend of the upper half, the even/odd lanes of two vectors. */
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(S, l -> (2 * l) % L);
    private static final VectorShuffle<Float> ODDS = VectorShuffle.fromOp(S, l -> (2 * l + 1) % L);
    /** Lane l ← lane l/2 and L/2 + l/2: with a blend of the odd lanes, the interleave of two vectors. */
    private static final VectorShuffle<Float> ZIP_LO = VectorShuffle.fromOp(S, l -> l / 2);
    private static final VectorShuffle<Float> ZIP_HI = VectorShuffle.fromOp(S, l -> L / 2 + l / 2);
    private static final long LANES = L == 64 ? -1L : (1L << L) - 1;
    private static final VectorMask<Float> UPPER = VectorMask.fromLong(S, (-1L << (L / 2)) & LANES);
    private static final VectorMask<Float> ODD = VectorMask.fromLong(S, 0xAAAAAAAAAAAAAAAAL & LANES);

    private SimdPatchConv() {}

    /** 2×2 kernel, stride 2, no padding, no dilation, and whole vectors per output row. */
    static boolean supports(ConvGeometry g) {
        return g.kh() == 2 && g.kw() == 2 && g.strideH() == 2 && g.strideW() == 2 && g.padH() == 0 && g.padW() == 0
                && g.dilH() == 1 && g.dilW() == 1 && g.outW() % L == 0;
    }

    static void forward(ConvGeometry g, float[] x, float[] w, float[] y) {
        int k = 4 * g.cIn(), np = g.outH() * g.outW(), tiles = (np + NT - 1) / NT, blocks = (g.cOut() + MR - 1) / MR;
        int inSize = g.cIn() * g.h() * g.w(), outSize = g.cOut() * np;
        float[] wpk = SimdDirectConv.packWeights(w, g.cOut(), k, null);
        int[] tapOff = new int[k];
        for (int t = 0; t < k; t++) tapOff[t] = t * NT;
        Parallel.forRange(g.n() * tiles, g.macs(), (t0, t1, chunk) -> {
            float[] bp = Scratch.get(Scratch.PACKED_B, (long) k * NT);
            for (int t = t0; t < t1; t++) {
                int b = t / tiles, p0 = (t % tiles) * NT, valid = Math.min(NT, np - p0);
                packDeinterleaved(g, x, b * inSize, p0, valid, bp);
                SimdDirectConv.run(bp, 0, tapOff, k, wpk, g.cOut(), 0, blocks, y, b * outSize + p0, np, valid);
            }
        });
    }

    static void backwardData(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        int k = 4 * g.cIn(), np = g.outH() * g.outW(), tiles = (np + NT - 1) / NT, blocks = (k + MR - 1) / MR;
        int inSize = g.cIn() * g.h() * g.w(), outSize = g.cOut() * np, cOut = g.cOut();
        // Odd input sizes: the last row / column is read by no tap; its gradient is 0.
        if (g.h() != 2 * g.outH() || g.w() != 2 * g.outW()) java.util.Arrays.fill(dx, 0, g.inputSize(), 0f);
        float[] wpk = SimdDirectConv.packWeights(transpose(w, cOut, k), k, cOut, null);
        int[] tapOff = new int[cOut];
        for (int o = 0; o < cOut; o++) tapOff[o] = o * np;
        Parallel.forRange(g.n() * tiles, g.macs(), (t0, t1, chunk) -> {
            float[] tile = Scratch.get(Scratch.TILE, MR * NT);
            for (int t = t0; t < t1; t++) {
                int b = t / tiles, p0 = (t % tiles) * NT, valid = Math.min(NT, np - p0);
                for (int ob = 0; ob < blocks; ob++) {
                    // Rows ob·MR.. of Wᵀ·dy on these positions (dy read in place), written with stride 2 into dx.
                    SimdDirectConv.run(dy, b * outSize + p0, tapOff, cOut, wpk, k, ob, ob + 1, tile, -ob * MR * NT, NT, valid);
                    scatterInterleaved(g, tile, ob, p0, valid, dx, b * inSize);
                }
            }
        });
    }

    static void backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw) {
        SimdPatchWeightGrad.backwardWeight(g, x, dy, dw);
    }

    /** {@code a[m×k]} transposed into a fresh {@code k×m} array. */
    private static float[] transpose(float[] a, int m, int k) {
        float[] t = new float[m * k];
        for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) t[j * m + i] = a[i * k + j];
        return t;
    }

    /** {@code bp[kk·NT + jj] = col_b[kk][p0 + jj]} for all {@code 4·cIn} rows and {@code jj < valid}. */
    private static void packDeinterleaved(ConvGeometry g, float[] x, int xOff, int p0, int valid, float[] bp) {
        int plane = g.h() * g.w();
        for (int c = 0; c < g.cIn(); c++) deinterleave(g, x, xOff + c * plane, p0, valid, bp, 4 * c * NT, NT);
    }

    /**
     * The 4 column-matrix rows of one input channel (plane at {@code x[xOff ..]}) on positions {@code [p0, p0 + len)}:
     * {@code dst[dOff + (u·2 + v)·dStride + q] = x[xOff + (2i+u)·w + 2j+v]} with {@code i·outW + j = p0 + q}. Per vector
     * of positions (within one output row: outW is a multiple of L) and per u, two vector loads split into even and odd
     * columns. Modifies only those elements of dst.
     */
    static void deinterleave(ConvGeometry g, float[] x, int xOff, int p0, int len, float[] dst, int dOff, int dStride) {
        int ow = g.outW(), w = g.w();
        for (int q = 0; q < len; q += L) {
            int p = p0 + q, i = p / ow, j = p % ow;
            int r0 = xOff + 2 * i * w + 2 * j, d = dOff + q;
            for (int u = 0; u < 2; u++, r0 += w, d += 2 * dStride) {
                FloatVector lo = FloatVector.fromArray(S, x, r0), hi = FloatVector.fromArray(S, x, r0 + L);
                lo.rearrange(EVENS).blend(hi.rearrange(EVENS), UPPER).intoArray(dst, d);
                lo.rearrange(ODDS).blend(hi.rearrange(ODDS), UPPER).intoArray(dst, d + dStride);
            }
        }
    }

    /**
     * Writes the rows of panel {@code pn} of the backward-data product (rows {@code kk = pn·MR + r}, i.e. channels
     * {@code 2·pn} and {@code 2·pn + 1}, each (u, v = 0), (u, v = 1)) into dx: row (c, u, 0) and (c, u, 1) are
     * interleaved into input row 2i+u.
     */
    private static void scatterInterleaved(ConvGeometry g, float[] tile, int pn, int p0, int valid, float[] dx, int dxOff) {
        int ow = g.outW(), plane = g.h() * g.w();
        for (int h = 0; h < MR / 4; h++) {
            int c = pn * (MR / 4) + h;
            if (c >= g.cIn()) break;
            for (int s = 0; s < valid; s += L) {
                int p = p0 + s, i = p / ow, j = p % ow;
                int row = dxOff + c * plane + 2 * i * g.w() + 2 * j;
                for (int u = 0; u < 2; u++, row += g.w()) {
                    int r0 = (h * 4 + u * 2) * NT + s;
                    FloatVector a = FloatVector.fromArray(S, tile, r0), e = FloatVector.fromArray(S, tile, r0 + NT);
                    a.rearrange(ZIP_LO).blend(e.rearrange(ZIP_LO), ODD).intoArray(dx, row);
                    a.rearrange(ZIP_HI).blend(e.rearrange(ZIP_HI), ODD).intoArray(dx, row + L);
                }
            }
        }
    }
}
