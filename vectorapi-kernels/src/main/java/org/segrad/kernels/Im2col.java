package org.segrad.kernels;

/**
 * Data movement between an NCHW image and its column matrix (scalar: it is memory-bound, not FLOP-bound).
 * {@code col[(c·kh + u)·kw + v][i·outW + j] = x[c, i·sH − pH + u·dH, j·sW − pW + v·dW]} (0 outside the image).
 */
final class Im2col {
    private Im2col() {}

    /** First output index {@code j} whose input column {@code j·s − p + off} is ≥ 0, and the end of the valid range. */
    private static int first(int p, int off, int s) {
        int t = p - off; // need j·s ≥ t
        return t <= 0 ? 0 : (t + s - 1) / s;
    }

    private static int end(int in, int p, int off, int s, int out) {
        int t = in + p - off; // need j·s < t
        if (t <= 0) return 0;
        return Math.min(out, (t + s - 1) / s);
    }

    /** Writes the column matrix of image {@code x[xOff ..]} into {@code col[0 .. K·N)}; modifies only col. */
    static void im2col(ConvGeometry g, float[] x, int xOff, float[] col) {
        int oh = g.outH(), ow = g.outW(), n = oh * ow;
        int row = 0;
        for (int c = 0; c < g.cIn(); c++)
            for (int u = 0; u < g.kh(); u++)
                for (int v = 0; v < g.kw(); v++, row++) {
                    int offW = v * g.dilW();
                    int j0 = first(g.padW(), offW, g.strideW()), j1 = end(g.w(), g.padW(), offW, g.strideW(), ow);
                    for (int i = 0; i < oh; i++) {
                        int dst = row * n + i * ow;
                        int yy = i * g.strideH() - g.padH() + u * g.dilH();
                        if (yy < 0 || yy >= g.h() || j0 >= j1) {
                            java.util.Arrays.fill(col, dst, dst + ow, 0f);
                            continue;
                        }
                        java.util.Arrays.fill(col, dst, dst + j0, 0f);
                        int src = xOff + (c * g.h() + yy) * g.w() - g.padW() + offW;
                        if (g.strideW() == 1) {
                            System.arraycopy(x, src + j0, col, dst + j0, j1 - j0);
                        } else {
                            for (int j = j0; j < j1; j++) col[dst + j] = x[src + j * g.strideW()];
                        }
                        java.util.Arrays.fill(col, dst + j1, dst + ow, 0f);
                    }
                }
    }

    /**
     * Adds the column matrix back onto the image: {@code dx[xOff + …] += col[…]} for every in-image entry
     * (the adjoint of {@link #im2col}). With stride ≥ kernel extent (e.g. 2×2 stride 2) no two entries meet, so
     * this is a pure permutation. Modifies only dx.
     */
    static void col2imAdd(ConvGeometry g, float[] col, float[] dx, int xOff) {
        int oh = g.outH(), ow = g.outW(), n = oh * ow;
        int row = 0;
        for (int c = 0; c < g.cIn(); c++)
            for (int u = 0; u < g.kh(); u++)
                for (int v = 0; v < g.kw(); v++, row++) {
                    int offW = v * g.dilW();
                    int j0 = first(g.padW(), offW, g.strideW()), j1 = end(g.w(), g.padW(), offW, g.strideW(), ow);
                    if (j0 >= j1) continue;
                    for (int i = 0; i < oh; i++) {
                        int yy = i * g.strideH() - g.padH() + u * g.dilH();
                        if (yy < 0 || yy >= g.h()) continue;
                        int srcRow = row * n + i * ow;
                        int dst = xOff + (c * g.h() + yy) * g.w() - g.padW() + offW;
                        int s = g.strideW();
                        for (int j = j0; j < j1; j++) dx[dst + j * s] += col[srcRow + j];
                    }
                }
    }

    /**
     * Copies {@code channels} planes {@code h×w} into zero-padded planes {@code hp×wp} (top/left padding
     * {@code padH/padW}) at {@code dst[dstOff + c·plane]}; the caller zeroes nothing, this method writes every
     * element of the {@code channels·plane} region. Modifies only dst.
     */
    static void pad(float[] x, int xOff, int channels, int h, int w, int padH, int padW, int hp, int wp, float[] dst, int dstOff) {
        int plane = hp * wp;
        for (int c = 0; c < channels; c++) {
            int base = dstOff + c * plane;
            java.util.Arrays.fill(dst, base, base + padH * wp, 0f);
            for (int i = 0; i < h; i++) {
                int r = base + (padH + i) * wp;
                java.util.Arrays.fill(dst, r, r + padW, 0f);
                System.arraycopy(x, xOff + (c * h + i) * w, dst, r + padW, w);
                java.util.Arrays.fill(dst, r + padW + w, r + wp, 0f);
            }
            java.util.Arrays.fill(dst, base + (padH + h) * wp, base + plane, 0f);
        }
    }
}
