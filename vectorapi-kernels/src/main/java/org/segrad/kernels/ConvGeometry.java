package org.segrad.kernels;

/**
 * Shape of one 2-D convolution, NCHW: input {@code x[n][cIn][h][w]}, weight {@code w[cOut][cIn][kh][kw]},
 * output {@code y[n][cOut][outH][outW]} with {@code outH = (h + 2·padH − dilH·(kh−1) − 1) / strideH + 1}.
 */
public record ConvGeometry(int n, int cIn, int h, int w, int cOut, int kh, int kw,
                           int strideH, int strideW, int padH, int padW, int dilH, int dilW) {

    public ConvGeometry {
        if (n < 0 || cIn < 1 || h < 1 || w < 1 || cOut < 1 || kh < 1 || kw < 1) {
            throw new IllegalArgumentException("conv geometry: sizes must be positive, got " + describe(n, cIn, h, w, cOut, kh, kw));
        }
        if (strideH < 1 || strideW < 1 || dilH < 1 || dilW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("conv geometry: stride and dilation must be >= 1 and padding >= 0, got stride="
                    + strideH + "x" + strideW + " dilation=" + dilH + "x" + dilW + " padding=" + padH + "x" + padW);
        }
        if (outSize(h, kh, strideH, padH, dilH) < 1 || outSize(w, kw, strideW, padW, dilW) < 1) {
            throw new IllegalArgumentException("conv geometry: kernel " + kh + "x" + kw + " (dilation " + dilH + "x" + dilW
                    + ") does not fit input " + h + "x" + w + " with padding " + padH + "x" + padW);
        }
    }

    /** Square kernel, equal stride/padding/dilation on both axes. */
    public static ConvGeometry of(int n, int cIn, int h, int w, int cOut, int k, int stride, int pad, int dil) {
        return new ConvGeometry(n, cIn, h, w, cOut, k, k, stride, stride, pad, pad, dil, dil);
    }

    static int outSize(int in, int k, int stride, int pad, int dil) {
        return Math.floorDiv(in + 2 * pad - dil * (k - 1) - 1, stride) + 1;
    }

    public int outH() { return outSize(h, kh, strideH, padH, dilH); }

    public int outW() { return outSize(w, kw, strideW, padW, dilW); }

    public int inputSize() { return n * cIn * h * w; }

    public int weightSize() { return cOut * cIn * kh * kw; }

    public int outputSize() { return n * cOut * outH() * outW(); }

    /** Multiply-adds of one forward pass (each counts 2 FLOPs). */
    public long macs() { return (long) n * cOut * outH() * outW() * cIn * kh * kw; }

    private static String describe(int n, int cIn, int h, int w, int cOut, int kh, int kw) {
        return "n=" + n + " cIn=" + cIn + " h=" + h + " w=" + w + " cOut=" + cOut + " kernel=" + kh + "x" + kw;
    }
}
