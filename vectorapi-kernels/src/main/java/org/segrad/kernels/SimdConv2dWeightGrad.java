package org.segrad.kernels;

/**
 * Direct weight gradient of a stride-1 convolution (the {@link ConvAlgorithm#DIRECT} backward-weight pass),
 * driving {@link SimdConvWeightGrad}. All images are laid side by side so the reduction over the batch and the
 * output plane is one contiguous run: {@code xp[c][b·plane + (i+pH)·wp + j+pW] = x[b,c,i,j]} and
 * {@code dyq[o][b·plane + i·wp + j] = dy[b,o,i,j]} (zero elsewhere), so
 * {@code dw[o,c,u,v] = Σ_q dyq[o][q] · xp[c][q + u·dH·wp + v·dW]}. The reduction is cut into chunks that stay in
 * L2 and summed in chunk order; threads split the output channels, so the result does not depend on the thread
 * count at all.
 */
final class SimdConv2dWeightGrad {
    /** Positions per reduction chunk: 4 dy rows (16 KiB) stay in L1 while the input rows stream from L2. */
    private static final int CHUNK = 1024;

    private SimdConv2dWeightGrad() {}

    static void backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw) {
        int lanes = SimdConvWeightGrad.L;
        int hp = g.h() + 2 * g.padH(), wp = g.w() + 2 * g.padW(), plane = hp * wp;
        int oh = g.outH(), ow = g.outW(), kk = g.kh() * g.kw(), taps = g.cIn() * kk;
        int rowLen = (int) (((long) g.n() * plane + lanes - 1) / lanes * lanes);
        int slack = (g.kh() - 1) * g.dilH() * wp + (g.kw() - 1) * g.dilW() + lanes;
        float[] xp = Scratch.get(Scratch.PADDED_INPUT, (long) g.cIn() * rowLen + slack);
        float[] dyq = Scratch.get(Scratch.PADDED_OUTPUT, (long) g.cOut() * rowLen);
        int inSize = g.cIn() * g.h() * g.w(), outSize = g.cOut() * oh * ow;
        Parallel.forRange(g.cIn(), (c0, c1, chunk) -> {
            for (int c = c0; c < c1; c++) {
                for (int b = 0; b < g.n(); b++)
                    Im2col.pad(x, b * inSize + c * g.h() * g.w(), 1, g.h(), g.w(), g.padH(), g.padW(), hp, wp, xp, c * rowLen + b * plane);
                java.util.Arrays.fill(xp, c * rowLen + g.n() * plane, (c + 1) * rowLen, 0f);
            }
        });
        java.util.Arrays.fill(xp, g.cIn() * rowLen, g.cIn() * rowLen + slack, 0f);
        Parallel.forRange(g.cOut(), (o0, o1, chunk) -> {
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
        Parallel.forRange(groups, (g0, g1, chunk) -> {
            int o0 = g0 * SimdConvWeightGrad.R, o1 = Math.min(g.cOut(), g1 * SimdConvWeightGrad.R);
            java.util.Arrays.fill(dw, o0 * taps, o1 * taps, 0f);
            for (int q0 = 0; q0 < rowLen; q0 += CHUNK) {
                int q1 = Math.min(rowLen, q0 + CHUNK);
                int o = o0;
                for (; o + SimdConvWeightGrad.R <= o1; o += SimdConvWeightGrad.R) {
                    int t = 0;
                    for (; t + SimdConvWeightGrad.T <= taps; t += SimdConvWeightGrad.T)
                        SimdConvWeightGrad.block4x4(dyq, o, rowLen, xp, tapOff, t, q0, q1, dw, taps);
                    for (; t < taps; t++)
                        for (int r = 0; r < SimdConvWeightGrad.R; r++)
                            SimdConvWeightGrad.single(dyq, o + r, rowLen, xp, tapOff, t, q0, q1, dw, taps);
                }
                for (; o < o1; o++)
                    for (int t = 0; t < taps; t++) SimdConvWeightGrad.single(dyq, o, rowLen, xp, tapOff, t, q0, q1, dw, taps);
            }
        });
    }
}
