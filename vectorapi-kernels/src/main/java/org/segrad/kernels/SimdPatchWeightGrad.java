package org.segrad.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Weight gradient of the 2×2 stride-2 convolution ({@link ConvAlgorithm#PATCH_2X2}). With more than two vectors of
 * output channels it takes the outer-product form ({@link #backwardWeightOuter}); else this dot-product form:
 * {@code dw[o][4c + t] = Σ_{b,p} dy_b[o][p] · col_b[4c + t][p]}, where the 4 taps {@code t = u·2 + v} of input channel c
 * are its deinterleaved rows. The reduction runs in chunks of {@link #CHUNK} positions of one image: the chunk's
 * deinterleaved rows of this thread's channels ({@code 4·channels × CHUNK}) stay in L2, the 4 dy rows of a block (read in
 * place) in L1. Blocks are 4 output channels × the 4 taps of one input channel, with their 16 vector accumulators
 * kept lane-wise in memory between chunks ({@code sums}) and reduced across lanes once, in order, by the last chunk: no
 * reduction per chunk. (A tree of lane-wise folds for the 16 sums measured 2× slower than the 16 in-order scalar
 * sums on JDK 17.) Planes smaller than a chunk are taken several images at a time: dy is then copied once into rows
 * that run across the images.
 * Threads split the input channels and each sum runs in a fixed order, so the result does not depend on the thread count.
 */
final class SimdPatchWeightGrad {
    static final VectorSpecies<Float> S = SimdDirectConv.S;
    static final int L = S.length();
    /** Positions per chunk (a multiple of L): 4 dy rows of a chunk are 16 KiB. */
    static final int CHUNK = 1024;

    private SimdPatchWeightGrad() {}

    static void backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw) {
        // The outer-product form pays a transpose of dy and, with 4 taps per channel, a remainder of single taps per
        // 12-tap block; measured on Zen 5 (1 thread, batch 4): 64→128 channels 107–112 against 75–78 GFLOP/s for the
        // dot-product form, 32→64 90–96 against 85–88, but 16→32 (two vectors of channels) 62–69 against 73–75.
        if (g.cOut() > 2 * L && g.n() > 0) backwardWeightOuter(g, x, dy, dw);
        else backwardWeightDot(g, x, dy, dw);
    }

    /**
     * The outer-product form of {@link SimdConvWeightGradOuter} (vectors along the output channels, nothing reduced
     * across lanes): x deinterleaved once into channel-major rows with the images side by side
     * ({@code col[4c + t][b·np + p]}), dy transposed to position-major ({@code dyT[(b·np + p)·ld + o]}), then per thread
     * its blocks of 12 taps over chunks of positions (a chunk of dyT, ≤ 64 KiB, stays in L2), summed in position order.
     * Threads split the taps, so the result does not depend on the thread count.
     */
    static void backwardWeightOuter(ConvGeometry g, float[] x, float[] dy, float[] dw) {
        int cIn = g.cIn(), cOut = g.cOut(), k = 4 * cIn, np = g.outH() * g.outW(), plane = g.h() * g.w(), n = g.n();
        int inSize = cIn * plane, outSize = cOut * np, rowLen = n * np, ow = g.outW();
        int ld = SimdConvWeightGradOuter.stride(cOut);
        float[] col = Scratch.get(Scratch.PADDED_INPUT, (long) k * rowLen);
        float[] dyT = Scratch.get(Scratch.PADDED_OUTPUT, (long) rowLen * ld);
        float[] dwT = Scratch.get(Scratch.PARTIALS, (long) k * ld);
        long moves = (long) n * (inSize + outSize) * KernelThresholds.ELEMENT_PASS_MACS;
        Parallel.forRange(cIn, moves, (c0, c1, piece) -> {
            for (int c = c0; c < c1; c++)
                for (int b = 0; b < n; b++)
                    SimdPatchConv.deinterleave(g, x, b * inSize + c * plane, 0, np, col, 4 * c * rowLen + b * np, rowLen);
        });
        Parallel.forRange(n * g.outH(), moves, (r0, r1, piece) -> {
            for (int r = r0; r < r1; r++) {
                int b = r / g.outH(), i = r % g.outH(), q = b * np + i * ow;
                SimdConvWeightGradOuter.transposeRow(dy, b * outSize + i * ow, np, cOut, ow, dyT, q, ld);
            }
        });
        int[] tapOff = new int[k];
        for (int t = 0; t < k; t++) tapOff[t] = t * rowLen;
        SimdConvWeightGradOuter.weightGradient(dyT, ld, cOut, col, tapOff, k, rowLen, dwT, dw, g.macs());
    }

    /** The dot-product form (≤ two vectors of output channels). */
    static void backwardWeightDot(ConvGeometry g, float[] x, float[] dy, float[] dw) {
        int cIn = g.cIn(), cOut = g.cOut(), k = 4 * cIn, np = g.outH() * g.outW(), plane = g.h() * g.w(), n = g.n();
        int inSize = cIn * plane, outSize = cOut * np;
        if (n == 0) {
            java.util.Arrays.fill(dw, 0, g.weightSize(), 0f);
            return;
        }
        // A chunk is CHUNK positions of one image, or as many whole images as fit when a plane is smaller; then dy is
        // copied once into rows that run across the images (dyq[o][b·np + p]) so that a chunk's dy rows are contiguous.
        int images = np >= CHUNK ? 1 : Math.min(n, CHUNK / np);
        int chunkLen = images == 1 ? Math.min(CHUNK, np) : images * np, perImage = (np + chunkLen - 1) / chunkLen;
        int chunks = images == 1 ? n * perImage : (n + images - 1) / images;
        float[] dyq = images == 1 ? dy : Scratch.get(Scratch.PADDED_OUTPUT, (long) cOut * n * np);
        if (images > 1) {
            Parallel.forRange(cOut, (long) n * outSize * KernelThresholds.ELEMENT_PASS_MACS, (o0, o1, piece) -> {
                for (int o = o0; o < o1; o++)
                    for (int b = 0; b < n; b++) System.arraycopy(dy, b * outSize + o * np, dyq, (o * n + b) * np, np);
            });
        }
        Parallel.forRange(cIn, g.macs(), (c0, c1, piece) -> {
            int channels = c1 - c0;
            float[] col = Scratch.get(Scratch.PACKED_B, (long) 4 * channels * chunkLen);
            float[] sums = chunks == 1 ? null : Scratch.get(Scratch.LANE_SUMS, (long) cOut * 4 * channels * L);
            for (int ch = 0; ch < chunks; ch++) {
                int b0 = images == 1 ? ch / perImage : ch * images, b1 = Math.min(n, b0 + images);
                int p0 = images == 1 ? (ch % perImage) * chunkLen : 0;
                int len = images == 1 ? Math.min(chunkLen, np - p0) : (b1 - b0) * np;
                for (int c = c0; c < c1; c++)
                    for (int b = b0; b < b1; b++)
                        SimdPatchConv.deinterleave(g, x, b * inSize + c * plane, p0, images == 1 ? len : np, col,
                                4 * (c - c0) * chunkLen + (b - b0) * np, chunkLen);
                int dyO = images == 1 ? b0 * outSize + p0 : b0 * np, dStride = images == 1 ? np : n * np;
                int mode = (ch == 0 ? FIRST : 0) | (ch == chunks - 1 ? LAST : 0);
                int o = 0;
                for (; o + 4 <= cOut; o += 4)
                    for (int c = 0; c < channels; c++)
                        block4x4(dyq, dyO + o * dStride, dStride, col, 4 * c * chunkLen, chunkLen, len, sums,
                                (o * channels + c) * 4 * L, channels, mode, dw, o * k + 4 * (c0 + c), k);
                for (; o < cOut; o++)
                    for (int c = 0; c < channels; c++)
                        block1x4(dyq, dyO + o * dStride, col, 4 * c * chunkLen, chunkLen, len, sums,
                                (o * channels + c) * 4 * L, mode, dw, o * k + 4 * (c0 + c));
            }
        });
    }

    /** Block modes: the first chunk starts from zero (no sums read), the last one writes dw (no sums written). */
    private static final int FIRST = 1, LAST = 2;

    /**
     * For dy rows {@code r < 4} at {@code dO + r·dStride} and col rows {@code t < 4} at {@code xO + t·xStride}, adds
     * {@code dy[r][q]·col[t][q]} over {@code q < len} lane-wise to the vectors at {@code sums[sO + (r·channels·4 + t)·L]}
     * (zero instead with {@link #FIRST}); with {@link #LAST} the lanes are summed in order into
     * {@code dw[dwO + r·k + t]} instead of being stored.
     */
    private static void block4x4(float[] dy, int dO, int dStride, float[] col, int xO, int xStride, int len,
                                 float[] sums, int sO, int channels, int mode, float[] dw, int dwO, int k) {
        int rs = channels * 4 * L; // distance between the sums of output channels o and o + 1
        float[] src = (mode & FIRST) != 0 ? Lanes.zeros() : sums;
        int a0 = (mode & FIRST) != 0 ? 0 : sO, a1 = (mode & FIRST) != 0 ? 0 : sO + rs;
        int a2 = (mode & FIRST) != 0 ? 0 : sO + 2 * rs, a3 = (mode & FIRST) != 0 ? 0 : sO + 3 * rs;
        FloatVector s00 = FloatVector.fromArray(S, src, a0), s01 = FloatVector.fromArray(S, src, a0 + L),
                s02 = FloatVector.fromArray(S, src, a0 + 2 * L), s03 = FloatVector.fromArray(S, src, a0 + 3 * L),
                s10 = FloatVector.fromArray(S, src, a1), s11 = FloatVector.fromArray(S, src, a1 + L),
                s12 = FloatVector.fromArray(S, src, a1 + 2 * L), s13 = FloatVector.fromArray(S, src, a1 + 3 * L),
                s20 = FloatVector.fromArray(S, src, a2), s21 = FloatVector.fromArray(S, src, a2 + L),
                s22 = FloatVector.fromArray(S, src, a2 + 2 * L), s23 = FloatVector.fromArray(S, src, a2 + 3 * L),
                s30 = FloatVector.fromArray(S, src, a3), s31 = FloatVector.fromArray(S, src, a3 + L),
                s32 = FloatVector.fromArray(S, src, a3 + 2 * L), s33 = FloatVector.fromArray(S, src, a3 + 3 * L);
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
        float[] dst = sums;
        if ((mode & LAST) != 0) {
            dst = Lanes.scratch();
            a0 = 0;
            a1 = 4 * L;
            a2 = 8 * L;
            a3 = 12 * L;
        } else if ((mode & FIRST) != 0) {
            a0 = sO;
            a1 = sO + rs;
            a2 = sO + 2 * rs;
            a3 = sO + 3 * rs;
        }
        s00.intoArray(dst, a0);
        s01.intoArray(dst, a0 + L);
        s02.intoArray(dst, a0 + 2 * L);
        s03.intoArray(dst, a0 + 3 * L);
        s10.intoArray(dst, a1);
        s11.intoArray(dst, a1 + L);
        s12.intoArray(dst, a1 + 2 * L);
        s13.intoArray(dst, a1 + 3 * L);
        s20.intoArray(dst, a2);
        s21.intoArray(dst, a2 + L);
        s22.intoArray(dst, a2 + 2 * L);
        s23.intoArray(dst, a2 + 3 * L);
        s30.intoArray(dst, a3);
        s31.intoArray(dst, a3 + L);
        s32.intoArray(dst, a3 + 2 * L);
        s33.intoArray(dst, a3 + 3 * L);
        if ((mode & LAST) != 0) {
            for (int r = 0; r < 4; r++)
                for (int t = 0; t < 4; t++) dw[dwO + r * k + t] = Lanes.sum(dst, (r * 4 + t) * L, L);
        }
    }

    /** {@link #block4x4} for one dy row (the output channels past the last whole group of 4). */
    private static void block1x4(float[] dy, int dO, float[] col, int xO, int xStride, int len, float[] sums, int sO,
                                 int mode, float[] dw, int dwO) {
        float[] src = (mode & FIRST) != 0 ? Lanes.zeros() : sums;
        int a = (mode & FIRST) != 0 ? 0 : sO;
        FloatVector s0 = FloatVector.fromArray(S, src, a), s1 = FloatVector.fromArray(S, src, a + L),
                s2 = FloatVector.fromArray(S, src, a + 2 * L), s3 = FloatVector.fromArray(S, src, a + 3 * L);
        int x1 = xO + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        for (int q = 0; q < len; q += L) {
            FloatVector y0 = FloatVector.fromArray(S, dy, dO + q);
            s0 = y0.fma(FloatVector.fromArray(S, col, xO + q), s0);
            s1 = y0.fma(FloatVector.fromArray(S, col, x1 + q), s1);
            s2 = y0.fma(FloatVector.fromArray(S, col, x2 + q), s2);
            s3 = y0.fma(FloatVector.fromArray(S, col, x3 + q), s3);
        }
        float[] dst = (mode & LAST) != 0 ? Lanes.scratch() : sums;
        int d = (mode & LAST) != 0 ? 0 : sO;
        s0.intoArray(dst, d);
        s1.intoArray(dst, d + L);
        s2.intoArray(dst, d + 2 * L);
        s3.intoArray(dst, d + 3 * L);
        if ((mode & LAST) != 0) for (int t = 0; t < 4; t++) dw[dwO + t] = Lanes.sum(dst, t * L, L);
    }
}
