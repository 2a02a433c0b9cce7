package org.segrad.kernels;

/**
 * Max-pooling 2×2, stride 2, no padding, NCHW (PyTorch {@code MaxPool2d(2)}): output {@code [n,c,h/2,w/2]}
 * (floor; an odd last row/column is dropped).
 * <pre>
 * forward:  y[b,c,i,j] = max_{di,dj∈{0,1}} x[b,c,2i+di,2j+dj];  argmax = flat index into x of that maximum
 *           (first in the order (0,0),(0,1),(1,0),(1,1) on ties; a NaN wins, as in PyTorch)
 * backward: dx[argmax[k]] = dy[k], every other dx element 0
 * </pre>
 * This kernel is memory-bound (one compare per loaded element), and the SIMD version would need even/odd lane
 * shuffles plus an argmax blend; it is scalar for both float32 and float64, so it is its own reference twin.
 */
public final class MaxPool2x2Kernels {
    private MaxPool2x2Kernels() {}

    /** Writes {@code y} and {@code argmax} ({@code n·c·(h/2)·(w/2)} elements each). */
    public static void forward(int n, int c, int h, int w, float[] x, float[] y, int[] argmax) {
        int oh = h / 2, ow = w / 2;
        check(n, c, h, w, x.length, y.length, argmax.length);
        int k = 0;
        for (int p = 0; p < n * c; p++)
            for (int i = 0; i < oh; i++) {
                int r0 = (p * h + 2 * i) * w, r1 = r0 + w;
                for (int j = 0; j < ow; j++, k++) {
                    int best = r0 + 2 * j;
                    float m = x[best];
                    for (int q = 1; q < 4; q++) {
                        int t = (q < 2 ? r0 : r1) + 2 * j + (q & 1);
                        if (x[t] > m || (Float.isNaN(x[t]) && !Float.isNaN(m))) {
                            m = x[t];
                            best = t;
                        }
                    }
                    y[k] = m;
                    argmax[k] = best;
                }
            }
    }

    /** float64 twin of the forward pass. */
    public static void forward(int n, int c, int h, int w, double[] x, double[] y, int[] argmax) {
        int oh = h / 2, ow = w / 2;
        check(n, c, h, w, x.length, y.length, argmax.length);
        int k = 0;
        for (int p = 0; p < n * c; p++)
            for (int i = 0; i < oh; i++) {
                int r0 = (p * h + 2 * i) * w, r1 = r0 + w;
                for (int j = 0; j < ow; j++, k++) {
                    int best = r0 + 2 * j;
                    double m = x[best];
                    for (int q = 1; q < 4; q++) {
                        int t = (q < 2 ? r0 : r1) + 2 * j + (q & 1);
                        if (x[t] > m || (Double.isNaN(x[t]) && !Double.isNaN(m))) {
                            m = x[t];
                            best = t;
                        }
                    }
                    y[k] = m;
                    argmax[k] = best;
                }
            }
    }

    /** Overwrites {@code dx[0 .. n·c·h·w)}: zero, then {@code dx[argmax[k]] = dy[k]}. */
    public static void backward(int n, int c, int h, int w, float[] dy, int[] argmax, float[] dx) {
        check(n, c, h, w, dx.length, dy.length, argmax.length);
        java.util.Arrays.fill(dx, 0, n * c * h * w, 0f);
        int m = n * c * (h / 2) * (w / 2);
        for (int k = 0; k < m; k++) dx[argmax[k]] += dy[k];
    }

    /** float64 twin of the backward pass. */
    public static void backward(int n, int c, int h, int w, double[] dy, int[] argmax, double[] dx) {
        check(n, c, h, w, dx.length, dy.length, argmax.length);
        java.util.Arrays.fill(dx, 0, n * c * h * w, 0.0);
        int m = n * c * (h / 2) * (w / 2);
        for (int k = 0; k < m; k++) dx[argmax[k]] += dy[k];
    }

    private static void check(int n, int c, int h, int w, int inLen, int outLen, int argLen) {
        if (n < 0 || c < 1 || h < 2 || w < 2) {
            throw new IllegalArgumentException("maxpool2x2: need n >= 0, c >= 1, h >= 2, w >= 2, got n=" + n + " c=" + c + " h=" + h + " w=" + w);
        }
        long in = (long) n * c * h * w, out = (long) n * c * (h / 2) * (w / 2);
        if (inLen < in || outLen < out || argLen < out) {
            throw new IllegalArgumentException("maxpool2x2: input needs " + in + " elements (has " + inLen + "), output and argmax need "
                    + out + " (have " + outLen + ", " + argLen + ")");
        }
    }
}
