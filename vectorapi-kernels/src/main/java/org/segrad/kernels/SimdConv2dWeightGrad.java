package org.segrad.kernels;

/**
 * Direct weight gradient of a stride-1 convolution (the {@link ConvAlgorithm#DIRECT} backward-weight pass),
 * driving {@link SimdConvWeightGrad}. All images are laid side by side so the reduction over the batch and the
 * output plane is one contiguous run: {@code xp[c][b·plane + (i+pH)·wp + j+pW] = x[b,c,i,j]} and
 * {@code dyq[o][b·plane + i·wp + j] = dy[b,o,i,j]} (zero elsewhere), so
 * {@code dw[o,c,u,v] = Σ_q dyq[o][q] · xp[c][q + u·dH·wp + v·dW]}. The reduction is cut into chunks (4 dy rows of a chunk stay in
 * L2) and summed in chunk order; threads split the output channels, so the result does not depend on the thread
 * count at all. With more than one vector of output channels, {@link #backwardWeight} takes the outer-product form
 * ({@link SimdConvWeightGradOuter}) on the same padded input instead; the dot-product form stays for ≤ 16 channels.
 */
final class SimdConv2dWeightGrad {
    /** Positions per reduction chunk; see {@link KernelThresholds#WEIGHT_GRAD_CHUNK}. */
    private static final int CHUNK = KernelThresholds.WEIGHT_GRAD_CHUNK;

    private SimdConv2dWeightGrad() {}

    /**
     * {@code dw[dwOff + o·taps + t] += Σ_{q∈[q0,q1)} dy[dyOff + o·rowLen + q] · src[tapOff[t] + q]} for output rows
     * {@code [o0, o1)}: 4×4 blocks, chunked along q so the rows stay in cache, then a scalar tail for the last
     * {@code (q1 − q0) mod L} positions. Chunks are added in order, so the result is reproducible.
     */
    static void accumulate(float[] dy, int dyOff, int o0, int o1, int rowLen, float[] src, int[] tapOff, int taps,
                           int q0, int q1, float[] dw, int dwOff) {
        int lanes = SimdConvWeightGrad.L, R = SimdConvWeightGrad.R, T = SimdConvWeightGrad.T;
        int qv = q0 + (q1 - q0) / lanes * lanes;
        for (int c0 = q0; c0 < qv; c0 += CHUNK) {
            int c1 = Math.min(qv, c0 + CHUNK);
            int o = o0;
            for (; o + R <= o1; o += R) {
                int t = 0;
                for (; t + T <= taps; t += T) SimdConvWeightGrad.block4x4(dy, dyOff, o, rowLen, src, tapOff, t, c0, c1, dw, dwOff, taps);
                for (; t < taps; t++)
                    for (int r = 0; r < R; r++) SimdConvWeightGrad.single(dy, dyOff, o + r, rowLen, src, tapOff, t, c0, c1, dw, dwOff, taps);
            }
            for (; o < o1; o++)
                for (int t = 0; t < taps; t++) SimdConvWeightGrad.single(dy, dyOff, o, rowLen, src, tapOff, t, c0, c1, dw, dwOff, taps);
        }
        if (qv < q1) {
            for (int o = o0; o < o1; o++)
                for (int t = 0; t < taps; t++) {
                    float acc = 0f;
                    int d = dyOff + o * rowLen, x = tapOff[t];
                    for (int q = qv; q < q1; q++) acc = Math.fma(dy[d + q], src[x + q], acc);
                    dw[dwOff + o * taps + t] += acc;
                }
        }
    }

    /**
     * The weight gradient through {@link SimdConvWeightGradOuter}: dy transposed to position-major once, then, per
     * thread, its tap blocks over chunks of positions (a chunk of dyT, ≤ 256 KiB, stays in L2 while every tap block
     * of the thread reads it). Threads split the taps; each dw element is summed by one thread in position order, so
     * the result does not depend on the thread count.
     */
    static void backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw) {
        int lanes = SimdConvWeightGradOuter.L;
        // One vector of channels would need a broadcast per FMA: the dot-product form is faster there.
        if (g.cOut() <= lanes) {
            backwardWeightDot(g, x, dy, dw);
            return;
        }
        int hp = g.h() + 2 * g.padH(), wp = g.w() + 2 * g.padW(), plane = hp * wp;
        int oh = g.outH(), ow = g.outW(), kk = g.kh() * g.kw(), taps = g.cIn() * kk, n = g.n();
        int q1 = (n - 1) * plane + (oh - 1) * wp + ow;     // one past the last valid position
        int rowLen = n * plane;
        int slack = (g.kh() - 1) * g.dilH() * wp + (g.kw() - 1) * g.dilW();
        int ld = SimdConvWeightGradOuter.stride(g.cOut());
        float[] xp = Scratch.get(Scratch.PADDED_INPUT, (long) g.cIn() * rowLen + slack);
        float[] dyT = Scratch.get(Scratch.PADDED_OUTPUT, (long) q1 * ld);
        float[] dwT = Scratch.get(Scratch.PARTIALS, (long) taps * ld);
        int inSize = g.cIn() * g.h() * g.w(), outSize = g.cOut() * oh * ow, outPlane = oh * ow;
        Parallel.forRange(g.cIn(), g.macs(), (c0, c1, chunk) -> {
            for (int c = c0; c < c1; c++)
                for (int b = 0; b < n; b++)
                    Im2col.pad(x, b * inSize + c * g.h() * g.w(), 1, g.h(), g.w(), g.padH(), g.padW(), hp, wp, xp, c * rowLen + b * plane);
        });
        java.util.Arrays.fill(xp, g.cIn() * rowLen, g.cIn() * rowLen + slack, 0f);
        // dyT: rows of positions; a row (b, i) holds ow valid positions, then zeros up to the next row.
        Parallel.forRange(n * hp, g.macs(), (r0, r1, chunk) -> {
            for (int r = r0; r < r1; r++) {
                int b = r / hp, i = r % hp, q = b * plane + i * wp;
                if (q >= q1) break;
                int end = Math.min(q1, q + wp);
                if (i >= oh) { java.util.Arrays.fill(dyT, q * ld, end * ld, 0f); continue; }
                SimdConvWeightGradOuter.transposeRow(dy, b * outSize + i * ow, outPlane, g.cOut(), ow, dyT, q, ld);
                java.util.Arrays.fill(dyT, (q + ow) * ld, end * ld, 0f);
            }
        });
        int[] tapOff = new int[taps];
        for (int c = 0; c < g.cIn(); c++)
            for (int u = 0; u < g.kh(); u++)
                for (int v = 0; v < g.kw(); v++) tapOff[c * kk + u * g.kw() + v] = c * rowLen + u * g.dilH() * wp + v * g.dilW();
        SimdConvWeightGradOuter.weightGradient(dyT, ld, g.cOut(), xp, tapOff, taps, q1, dwT, dw, g.macs());
    }

    /** The dot-product form: threads split the output channels in blocks of 4. */
    static void backwardWeightDot(ConvGeometry g, float[] x, float[] dy, float[] dw) {
        int lanes = SimdConvWeightGrad.L;
        int hp = g.h() + 2 * g.padH(), wp = g.w() + 2 * g.padW(), plane = hp * wp;
        int oh = g.outH(), ow = g.outW(), kk = g.kh() * g.kw(), taps = g.cIn() * kk;
        int rowLen = (int) (((long) g.n() * plane + lanes - 1) / lanes * lanes);
        int slack = (g.kh() - 1) * g.dilH() * wp + (g.kw() - 1) * g.dilW() + lanes;
        float[] xp = Scratch.get(Scratch.PADDED_INPUT, (long) g.cIn() * rowLen + slack);
        float[] dyq = Scratch.get(Scratch.PADDED_OUTPUT, (long) g.cOut() * rowLen);
        int inSize = g.cIn() * g.h() * g.w(), outSize = g.cOut() * oh * ow;
        Parallel.forRange(g.cIn(), g.macs(), (c0, c1, chunk) -> {
            for (int c = c0; c < c1; c++) {
                for (int b = 0; b < g.n(); b++)
                    Im2col.pad(x, b * inSize + c * g.h() * g.w(), 1, g.h(), g.w(), g.padH(), g.padW(), hp, wp, xp, c * rowLen + b * plane);
                java.util.Arrays.fill(xp, c * rowLen + g.n() * plane, (c + 1) * rowLen, 0f);
            }
        });
        java.util.Arrays.fill(xp, g.cIn() * rowLen, g.cIn() * rowLen + slack, 0f);
        Parallel.forRange(g.cOut(), g.macs(), (o0, o1, chunk) -> {
            java.util.Arrays.fill(dyq, o0 * rowLen, o1 * rowLen, 0f);
            for (int o = o0; o < o1; o++)
                for (int b = 0; b < g.n(); b++)
                    for (int i = 0; i < oh; i++)
                        System.arraycopy(dy, b * outSize + (o * oh + i) * ow, dyq, o * rowLen + b * plane + i * wp, ow);
        });
        int[] tapOff = new int[taps];
        for (int c = 0; c < g.cIn(); c++)
            for (int u = 0; u < g.kh(); u++)
                for (int v = 0; v < g.kw(); v++) tapOff[c * kk + u * g.kw() + v] = c * rowLen + u * g.dilH() * wp + v * g.dilW();
        int groups = (g.cOut() + SimdConvWeightGrad.R - 1) / SimdConvWeightGrad.R;
        Parallel.forRange(groups, g.macs(), (g0, g1, chunk) -> {
            int o0 = g0 * SimdConvWeightGrad.R, o1 = Math.min(g.cOut(), g1 * SimdConvWeightGrad.R);
            java.util.Arrays.fill(dw, o0 * taps, o1 * taps, 0f);
            accumulate(dyq, 0, o0, o1, rowLen, xp, tapOff, taps, 0, rowLen, dw, 0);
        });
    }
}
