package org.segrad.kernels;

import org.segrad.kernels.ConvAlgorithm.Pass;

/**
 * float32 convolution passes by algorithm ({@link ConvAlgorithm}), built on the SIMD micro-kernels of
 * {@link SimdDirectConv} (C = A·B with B read in place, row by row) and {@link SimdConvWeightGrad} (dot products
 * along the output plane); only called when {@link SimdSupport#enabled()}. Same formulas and contracts as
 * {@link ScalarConv2d} (outputs overwritten). Work is split over images (and output-channel blocks for the direct
 * kernel) with {@link Parallel}; backward-weight sums per-piece partials in piece order, so results depend only on
 * the thread count, never on timing.
 */
final class SimdConv2d {
    private SimdConv2d() {}

    static void forward(ConvGeometry g, float[] x, float[] w, float[] y, ConvAlgorithm alg) {
        switch (alg) {
            case SCALAR -> ScalarConv2d.forward(g, x, w, y);
            case DIRECT -> direct(g, x, w, y);
            case PATCH_2X2 -> SimdPatchConv.forward(g, x, w, y);
            case GEMM_1X1 -> {
                // y_b[cOut×HW] = W[cOut×cIn] · x_b[cIn×HW], x_b read in place.
                int hw = g.h() * g.w();
                float[] wpk = packRows(w, g.cOut(), g.cIn());
                int[] rows = rowOffsets(g.cIn(), hw);
                Parallel.forRange(g.n(), g.macs(), (b0, b1, chunk) -> {
                    for (int b = b0; b < b1; b++)
                        rowsTimesMatrix(wpk, g.cOut(), g.cIn(), x, b * g.cIn() * hw, rows, hw, y, b * g.cOut() * hw);
                });
            }
            case IM2COL_GEMM -> {
                int k = g.cIn() * g.kh() * g.kw(), nOut = g.outH() * g.outW(), inSize = g.cIn() * g.h() * g.w();
                float[] wpk = packRows(w, g.cOut(), k);
                int[] rows = rowOffsets(k, nOut);
                Parallel.forRange(g.n(), g.macs(), (b0, b1, chunk) -> {
                    float[] col = Scratch.get(Scratch.COLUMNS, (long) k * nOut);
                    for (int b = b0; b < b1; b++) {
                        Im2col.im2col(g, x, b * inSize, col);
                        rowsTimesMatrix(wpk, g.cOut(), k, col, 0, rows, nOut, y, b * g.cOut() * nOut);
                    }
                });
            }
        }
    }

    static void backwardData(ConvGeometry g, float[] dy, float[] w, float[] dx, ConvAlgorithm alg) {
        switch (alg) {
            case SCALAR -> ScalarConv2d.backwardData(g, dy, w, dx);
            case PATCH_2X2 -> SimdPatchConv.backwardData(g, dy, w, dx);
            case DIRECT -> {
                // dx is the full correlation of dy with the flipped kernel: a stride-1 forward convolution with the
                // channel roles swapped and padding dil·(k−1) − pad.
                int kk = g.kh() * g.kw();
                float[] flipped = Scratch.get(Scratch.FLIPPED_WEIGHTS, g.weightSize());
                for (int o = 0; o < g.cOut(); o++)
                    for (int c = 0; c < g.cIn(); c++)
                        for (int t = 0; t < kk; t++) flipped[(c * g.cOut() + o) * kk + t] = w[(o * g.cIn() + c) * kk + (kk - 1 - t)];
                ConvGeometry t = new ConvGeometry(g.n(), g.cOut(), g.outH(), g.outW(), g.cIn(), g.kh(), g.kw(), 1, 1,
                        g.dilH() * (g.kh() - 1) - g.padH(), g.dilW() * (g.kw() - 1) - g.padW(), g.dilH(), g.dilW());
                direct(t, dy, flipped, dx);
            }
            case GEMM_1X1 -> {
                // dx_b[cIn×HW] = Wᵀ · dy_b[cOut×HW], dy_b read in place.
                int hw = g.h() * g.w();
                float[] wpk = packRows(transpose(w, g.cOut(), g.cIn()), g.cIn(), g.cOut());
                int[] rows = rowOffsets(g.cOut(), hw);
                Parallel.forRange(g.n(), g.macs(), (b0, b1, chunk) -> {
                    for (int b = b0; b < b1; b++)
                        rowsTimesMatrix(wpk, g.cIn(), g.cOut(), dy, b * g.cOut() * hw, rows, hw, dx, b * g.cIn() * hw);
                });
            }
            case IM2COL_GEMM -> {
                int k = g.cIn() * g.kh() * g.kw(), nOut = g.outH() * g.outW(), inSize = g.cIn() * g.h() * g.w();
                float[] wpk = packRows(transpose(w, g.cOut(), k), k, g.cOut());
                int[] rows = rowOffsets(g.cOut(), nOut);
                Parallel.forRange(g.n(), g.macs(), (b0, b1, chunk) -> {
                    float[] col = Scratch.get(Scratch.COLUMNS, (long) k * nOut);
                    for (int b = b0; b < b1; b++) {
                        // col[K×N] = Wᵀ · dY_b (2×2 stride 2: col2im below is then a pure permutation).
                        rowsTimesMatrix(wpk, k, g.cOut(), dy, b * g.cOut() * nOut, rows, nOut, col, 0);

                        java.util.Arrays.fill(dx, b * inSize, (b + 1) * inSize, 0f);
                        Im2col.col2imAdd(g, col, dx, b * inSize);
                    }
                });
            }
        }
    }

    static void backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw, ConvAlgorithm alg) {
        if (alg == ConvAlgorithm.SCALAR) {
            ScalarConv2d.backwardWeight(g, x, dy, dw);
            return;
        }
        if (alg == ConvAlgorithm.DIRECT) {
            SimdConv2dWeightGrad.backwardWeight(g, x, dy, dw);
            return;
        }
        if (alg == ConvAlgorithm.PATCH_2X2) {
            SimdPatchConv.backwardWeight(g, x, dy, dw);
            return;
        }
        if (!alg.supports(g, Pass.BACKWARD_WEIGHT)) throw new IllegalArgumentException(alg + " cannot run backward-weight for " + g);
        int k = g.cIn() * g.kh() * g.kw(), nOut = g.outH() * g.outW(), inSize = g.cIn() * g.h() * g.w();
        int ws = g.weightSize();
        int pieces = Parallel.chunks(g.n(), g.macs());
        if (g.n() == 0) {
            java.util.Arrays.fill(dw, 0, ws, 0f);
            return;
        }
        float[] partials = pieces == 1 ? dw : Scratch.get(Scratch.PARTIALS, (long) pieces * ws);
        boolean pointwise = alg == ConvAlgorithm.GEMM_1X1;
        Parallel.forRange(g.n(), g.macs(), (b0, b1, chunk) -> {
            int pOff = pieces == 1 ? 0 : chunk * ws;
            java.util.Arrays.fill(partials, pOff, pOff + ws, 0f);
            float[] col = pointwise ? null : Scratch.get(Scratch.COLUMNS, (long) k * nOut);
            int[] rows = new int[k];
            for (int b = b0; b < b1; b++) {
                // dW[cOut×K] += dY_b[cOut×N] · col_bᵀ as dot products along N (both operands contiguous there):
                // no packing, unlike a transB GEMM, whose packing dominates when cOut is small.
                float[] src = x;
                int srcOff = b * inSize;
                if (!pointwise) {
                    Im2col.im2col(g, x, b * inSize, col);
                    src = col;
                    srcOff = 0;
                }
                if (nOut >= KernelThresholds.DOT_WEIGHT_GRAD_MIN_POSITIONS) {
                    for (int t = 0; t < k; t++) rows[t] = srcOff + t * nOut;
                    SimdConv2dWeightGrad.accumulate(dy, b * g.cOut() * nOut, 0, g.cOut(), nOut, src, rows, k, 0, nOut, partials, pOff);
                } else {
                    SimdGemm.gemm(false, true, g.cOut(), k, nOut, dy, b * g.cOut() * nOut, src, srcOff, partials, pOff, true);
                }
            }
        });
        if (pieces > 1) {
            System.arraycopy(partials, 0, dw, 0, ws);
            for (int p = 1; p < pieces; p++)
                for (int i = 0; i < ws; i++) dw[i] += partials[p * ws + i];
        }
    }

    /** Weights {@code a[m×k]} packed for {@link #rowsTimesMatrix} (a fresh array: callers may run in parallel). */
    private static float[] packRows(float[] a, int m, int k) {
        return SimdDirectConv.packWeights(a, m, k, null);
    }

    /** {@code a[m×k]} transposed into a fresh {@code k×m} array. */
    private static float[] transpose(float[] a, int m, int k) {
        float[] t = new float[m * k];
        for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) t[j * m + i] = a[i * k + j];
        return t;
    }

    private static int[] rowOffsets(int k, int n) {
        int[] r = new int[k];
        for (int t = 0; t < k; t++) r[t] = t * n;
        return r;
    }

    /**
     * {@code dst[dstOff + i·n + j] = Σ_t a[i][t] · src[srcOff + t·n + j]}: a GEMM whose right operand is read in place,
     * row by row, by the direct-convolution micro-kernel. With n in the thousands (column matrices) this beats the
     * packed GEMM, whose B packing costs as much as the product when m is small.
     */
    private static void rowsTimesMatrix(float[] packedA, int m, int k, float[] src, int srcOff, int[] rowOffsets, int n,
                                        float[] dst, int dstOff) {
        int blocks = (m + SimdDirectConv.MR - 1) / SimdDirectConv.MR;
        SimdDirectConv.run(src, srcOff, rowOffsets, k, packedA, m, 0, blocks, dst, dstOff, n, n);
    }

    /** Stride-1 forward convolution by {@link SimdDirectConv}: pad every image, run, copy the valid columns out. */
    private static void direct(ConvGeometry g, float[] x, float[] w, float[] y) {
        int hp = g.h() + 2 * g.padH(), wp = g.w() + 2 * g.padW(), plane = hp * wp;
        int oh = g.outH(), ow = g.outW(), nq = oh * wp, kk = g.kh() * g.kw(), taps = g.cIn() * kk;
        int imageStride = g.cIn() * plane + (g.kw() - 1) * g.dilW() + 16; // slack: garbage columns read past the last row
        int inSize = g.cIn() * g.h() * g.w(), outSize = g.cOut() * oh * ow;
        int[] tapOff = new int[taps];
        for (int c = 0; c < g.cIn(); c++)
            for (int u = 0; u < g.kh(); u++)
                for (int v = 0; v < g.kw(); v++) tapOff[c * kk + u * g.kw() + v] = c * plane + u * g.dilH() * wp + v * g.dilW();
        float[] xp = Scratch.get(Scratch.PADDED_INPUT, (long) g.n() * imageStride);
        float[] yq = ow % (2 * SimdDirectConv.L) == 0 ? null : Scratch.get(Scratch.PADDED_OUTPUT, (long) g.n() * g.cOut() * nq);
        float[] wpk = SimdDirectConv.packWeights(w, g.cOut(), taps, Scratch.get(Scratch.PACKED_WEIGHTS,
                (long) ((g.cOut() + SimdDirectConv.MR - 1) / SimdDirectConv.MR) * taps * SimdDirectConv.MR));
        int blocks = (g.cOut() + SimdDirectConv.MR - 1) / SimdDirectConv.MR;
        Parallel.forRange(g.n(), g.macs(), (b0, b1, chunk) -> {
            for (int b = b0; b < b1; b++) {
                Im2col.pad(x, b * inSize, g.cIn(), g.h(), g.w(), g.padH(), g.padW(), hp, wp, xp, b * imageStride);
                java.util.Arrays.fill(xp, b * imageStride + g.cIn() * plane, (b + 1) * imageStride, 0f);
            }
        });
        // Items are (image, output-channel block) pairs so that one image still splits across threads.
        // Rows that are whole 2-vector blocks are written straight into y, row by row; otherwise the padded rows are
        // computed as one long run into yq (garbage columns included) and the valid columns copied out.
        boolean rowWise = ow % (2 * SimdDirectConv.L) == 0;
        Parallel.forRange(g.n() * blocks, g.macs(), (i0, i1, chunk) -> {
            for (int b = i0 / blocks; b <= (i1 - 1) / blocks; b++) {
                int ob0 = Math.max(i0 - b * blocks, 0), ob1 = Math.min(i1 - b * blocks, blocks);
                if (rowWise) {
                    for (int i = 0; i < oh; i++)
                        SimdDirectConv.run(xp, b * imageStride + i * wp, tapOff, taps, wpk, g.cOut(), ob0, ob1, y,
                                b * outSize + i * ow, oh * ow, ow);
                    continue;
                }
                SimdDirectConv.run(xp, b * imageStride, tapOff, taps, wpk, g.cOut(), ob0, ob1, yq, b * g.cOut() * nq, nq, nq);
                int o1 = Math.min(g.cOut(), ob1 * SimdDirectConv.MR);
                for (int o = ob0 * SimdDirectConv.MR; o < o1; o++)
                    for (int i = 0; i < oh; i++)
                        System.arraycopy(yq, (b * g.cOut() + o) * nq + i * wp, y, b * outSize + (o * oh + i) * ow, ow);
            }
        });
    }
}
