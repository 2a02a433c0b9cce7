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
 * No column matrix is built for the two products: per tile of {@link #NR} positions the forward packs the
 * deinterleaved input rows straight into the packed-B panel of {@link SimdGemmMicroKernel}, and backward-data
 * runs the micro-kernel on dy's rows and interleaves the two column parities of each result row while storing
 * (SIMD even/odd shuffles, one vector row of x per 2·L columns). The weight gradient deinterleaves x once into
 * channel-major rows, images side by side, and runs the dot-product blocks of {@link SimdConv2dWeightGrad}.
 *
 * <p>Needs {@code outW % L == 0} so that every vector of positions lies in one output row (see {@link #supports}).
 * Every output element is computed by one micro-kernel call or one dot product, whatever the thread split, so
 * results do not depend on the thread count. Same contracts as {@link ScalarConv2d} (outputs overwritten).
 */
final class SimdPatchConv {
    static final VectorSpecies<Float> S = SimdGemmMicroKernel.S;
    static final int L = S.length();
    static final int MR = SimdGemmMicroKernel.MR;
    static final int NR = SimdGemmMicroKernel.NR;
    /** Depth block of the products: a KB × NR slice of the packed B tile (24 KiB) stays in L1 across row panels. */
    private static final int KB = 128;

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
        int k = 4 * g.cIn(), np = g.outH() * g.outW(), tiles = (np + NR - 1) / NR, panels = (g.cOut() + MR - 1) / MR;
        int inSize = g.cIn() * g.h() * g.w(), outSize = g.cOut() * np;
        float[] ap = packPanels(w, g.cOut(), k, false);
        Parallel.forRange(g.n() * tiles, g.macs(), (t0, t1, chunk) -> {
            float[] bp = Scratch.get(Scratch.PACKED_B, (long) k * NR), tile = Scratch.get(Scratch.TILE, MR * NR);
            for (int t = t0; t < t1; t++) {
                int b = t / tiles, p0 = (t % tiles) * NR, valid = Math.min(NR, np - p0);
                packDeinterleaved(g, x, b * inSize, p0, valid, bp);
                for (int pn = 0; pn < panels; pn++) {
                    int rows = Math.min(MR, g.cOut() - pn * MR);
                    int cO = b * outSize + pn * MR * np + p0;
                    if (rows == MR && valid == NR) {
                        for (int pc = 0; pc < k; pc += KB)
                            SimdGemmMicroKernel.kernel(Math.min(KB, k - pc), ap, (pn * k + pc) * MR, bp, pc * NR, y, cO, np, pc == 0);
                    } else {
                        for (int pc = 0; pc < k; pc += KB)
                            SimdGemmMicroKernel.kernel(Math.min(KB, k - pc), ap, (pn * k + pc) * MR, bp, pc * NR, tile, 0, NR, pc == 0);
                        for (int r = 0; r < rows; r++) System.arraycopy(tile, r * NR, y, cO + r * np, valid);
                    }
                }
            }
        });
    }

    static void backwardData(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        int k = 4 * g.cIn(), np = g.outH() * g.outW(), tiles = (np + NR - 1) / NR, panels = (k + MR - 1) / MR;
        int inSize = g.cIn() * g.h() * g.w(), outSize = g.cOut() * np, cOut = g.cOut();
        // Odd input sizes: the last row / column is read by no tap; its gradient is 0.
        if (g.h() != 2 * g.outH() || g.w() != 2 * g.outW()) java.util.Arrays.fill(dx, 0, g.inputSize(), 0f);
        float[] ap = packPanels(w, cOut, k, true);
        Parallel.forRange(g.n() * tiles, g.macs(), (t0, t1, chunk) -> {
            float[] bp = Scratch.get(Scratch.PACKED_B, (long) cOut * NR), tile = Scratch.get(Scratch.TILE, MR * NR);
            for (int t = t0; t < t1; t++) {
                int b = t / tiles, p0 = (t % tiles) * NR, valid = Math.min(NR, np - p0);
                int src = b * outSize + p0;
                for (int o = 0; o < cOut; o++) {
                    System.arraycopy(dy, src + o * np, bp, o * NR, valid);
                    if (valid < NR) java.util.Arrays.fill(bp, o * NR + valid, (o + 1) * NR, 0f);
                }
                for (int pn = 0; pn < panels; pn++) {
                    for (int pc = 0; pc < cOut; pc += KB)
                        SimdGemmMicroKernel.kernel(Math.min(KB, cOut - pc), ap, (pn * cOut + pc) * MR, bp, pc * NR, tile, 0, NR, pc == 0);
                    scatterInterleaved(g, tile, pn, p0, valid, dx, b * inSize);
                }
            }
        });
    }

    static void backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw) {
        int k = 4 * g.cIn(), np = g.outH() * g.outW(), cOut = g.cOut();
        int rowLen = g.n() * np; // a multiple of L: np is
        int inSize = g.cIn() * g.h() * g.w(), outSize = cOut * np;
        if (g.n() == 0) {
            java.util.Arrays.fill(dw, 0, g.weightSize(), 0f);
            return;
        }
        float[] col = Scratch.get(Scratch.PADDED_INPUT, (long) k * rowLen);
        // One image: dy is already [cOut][np], rows rowLen apart.
        float[] dyq = g.n() == 1 ? dy : Scratch.get(Scratch.PADDED_OUTPUT, (long) cOut * rowLen);
        long moves = (long) g.n() * (inSize + outSize) * KernelThresholds.ELEMENT_PASS_MACS;
        Parallel.forRange(g.cIn(), moves, (c0, c1, chunk) -> {
            for (int c = c0; c < c1; c++)
                for (int b = 0; b < g.n(); b++) deinterleaveChannel(g, x, b * inSize + c * g.h() * g.w(), col, 4 * c * rowLen + b * np, rowLen);
        });
        if (g.n() > 1) {
            Parallel.forRange(cOut, moves, (o0, o1, chunk) -> {
                for (int o = o0; o < o1; o++)
                    for (int b = 0; b < g.n(); b++) System.arraycopy(dy, b * outSize + o * np, dyq, o * rowLen + b * np, np);
            });
        }
        int[] tapOff = new int[k];
        for (int t = 0; t < k; t++) tapOff[t] = t * rowLen;
        int groups = (cOut + SimdConvWeightGrad.R - 1) / SimdConvWeightGrad.R;
        Parallel.forRange(groups, g.macs(), (g0, g1, chunk) -> {
            int o0 = g0 * SimdConvWeightGrad.R, o1 = Math.min(cOut, g1 * SimdConvWeightGrad.R);
            java.util.Arrays.fill(dw, o0 * k, o1 * k, 0f);
            SimdConv2dWeightGrad.accumulate(dyq, 0, o0, o1, rowLen, col, tapOff, k, 0, rowLen, dw, 0);
        });
    }

    /**
     * Packs {@code a[m][k]} (or, with {@code transpose}, the {@code k×m} matrix {@code aᵀ}: rows are the columns of
     * a) as MR-row micro-panels {@code ap[(panel·depth + p)·MR + r]}, zero padded past the last row.
     */
    private static float[] packPanels(float[] a, int m, int k, boolean transpose) {
        int rows = transpose ? k : m, depth = transpose ? m : k, panels = (rows + MR - 1) / MR;
        float[] ap = new float[panels * depth * MR];
        for (int pn = 0; pn < panels; pn++)
            for (int p = 0; p < depth; p++)
                for (int r = 0; r < MR; r++) {
                    int row = pn * MR + r;
                    if (row < rows) ap[(pn * depth + p) * MR + r] = transpose ? a[p * k + row] : a[row * k + p];
                }
        return ap;
    }

    /**
     * {@code bp[kk·NR + jj] = col_b[kk][p0 + jj]} for all {@code 4·cIn} rows, zero for {@code jj ≥ valid}: per vector of
     * positions (one output row i, columns j..j+L) and per input row 2i+u, two vector loads split into even and odd columns.
     */
    private static void packDeinterleaved(ConvGeometry g, float[] x, int xOff, int p0, int valid, float[] bp) {
        int ow = g.outW(), plane = g.h() * g.w(), k = 4 * g.cIn();
        for (int s = 0; s < NR; s += L) {
            if (s >= valid) {
                for (int kk = 0; kk < k; kk++) java.util.Arrays.fill(bp, kk * NR + s, kk * NR + s + L, 0f);
                continue;
            }
            int p = p0 + s, i = p / ow, j = p % ow;
            int row = xOff + 2 * i * g.w() + 2 * j;
            for (int c = 0; c < g.cIn(); c++) {
                int r0 = row + c * plane, d = 4 * c * NR + s;
                for (int u = 0; u < 2; u++, r0 += g.w(), d += 2 * NR) {
                    FloatVector lo = FloatVector.fromArray(S, x, r0), hi = FloatVector.fromArray(S, x, r0 + L);
                    lo.rearrange(EVENS).blend(hi.rearrange(EVENS), UPPER).intoArray(bp, d);
                    lo.rearrange(ODDS).blend(hi.rearrange(ODDS), UPPER).intoArray(bp, d + NR);
                }
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
                    int r0 = (h * 4 + u * 2) * NR + s;
                    FloatVector a = FloatVector.fromArray(S, tile, r0), e = FloatVector.fromArray(S, tile, r0 + NR);
                    a.rearrange(ZIP_LO).blend(e.rearrange(ZIP_LO), ODD).intoArray(dx, row);
                    a.rearrange(ZIP_HI).blend(e.rearrange(ZIP_HI), ODD).intoArray(dx, row + L);
                }
            }
        }
    }

    /** {@code col[dst + (u·2 + v)·rowLen + i·outW + j] = x[src + (2i+u)·w + 2j+v]} for one channel of one image. */
    private static void deinterleaveChannel(ConvGeometry g, float[] x, int src, float[] col, int dst, int rowLen) {
        int ow = g.outW();
        for (int i = 0; i < g.outH(); i++)
            for (int u = 0; u < 2; u++) {
                int r = src + (2 * i + u) * g.w(), d = dst + 2 * u * rowLen + i * ow;
                for (int j = 0; j < ow; j += L) {
                    FloatVector lo = FloatVector.fromArray(S, x, r + 2 * j), hi = FloatVector.fromArray(S, x, r + 2 * j + L);
                    lo.rearrange(EVENS).blend(hi.rearrange(EVENS), UPPER).intoArray(col, d + j);
                    lo.rearrange(ODDS).blend(hi.rearrange(ODDS), UPPER).intoArray(col, d + rowLen + j);
                }
            }
    }
}
