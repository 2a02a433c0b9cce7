package org.segrad.kernels;

import static org.segrad.kernels.StridedKernels.get;
import static org.segrad.kernels.StridedKernels.set;

/**
 * Max and average pooling over k×k windows of {@code planes} planes h×w (NCHW: planes = n·c), stride s, padding p,
 * output oh×ow: the general loops (any window; arrays float[] or double[], read widened, written rounded), which the
 * 2×2 fast path ({@link MaxPool2x2Kernels}) is tested against.
 * <pre>
 * max:  y = max over the window (an element replaces the best so far when greater or NaN); arg = flat index into x
 *       of that element; backward: dx[arg[o]] += dy[o]
 * avg:  y = Σ window · scale (padding counted: scale = 1/k²); backward: dx[in] += dy[o]·scale over every window
 * </pre>
 */
public final class PoolingKernels {
    private PoolingKernels() {}

    /** Reads x; overwrites y and arg. */
    public static void maxForward(Object x, Object y, int[] arg, int planes, int h, int w, int oh, int ow, int k, int s, int p) {
        for (int q = 0; q < planes; q++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int bestAt = -1;
                    for (int u = 0; u < k; u++) {
                        int yy = i * s - p + u;
                        if (yy < 0 || yy >= h) continue;
                        for (int v = 0; v < k; v++) {
                            int xx = j * s - p + v;
                            if (xx < 0 || xx >= w) continue;
                            int at = (q * h + yy) * w + xx;
                            double val = get(x, at);
                            if (val > best || bestAt < 0 || Double.isNaN(val)) {
                                best = val;
                                bestAt = at;
                            }
                        }
                    }
                    int o = (q * oh + i) * ow + j;
                    set(y, o, best);
                    arg[o] = bestAt;
                }
    }

    /** dx[arg[o]] += dy[o] for every output o. Updates dx. */
    public static void maxBackward(Object dy, int[] arg, Object dx) {
        for (int o = 0; o < arg.length; o++) set(dx, arg[o], get(dx, arg[o]) + get(dy, o));
    }

    /** y[o] += x[in]·scale over each window (y starts at 0). Updates y. */
    public static void avgForward(Object x, Object y, int planes, int h, int w, int oh, int ow, int k, int s, int p, double scale) {
        windows(planes, h, w, oh, ow, k, s, p, (o, at) -> set(y, o, get(y, o) + get(x, at) * scale));
    }

    /** dx[in] += dy[o]·scale over each window. Updates dx. */
    public static void avgBackward(Object dy, Object dx, int planes, int h, int w, int oh, int ow, int k, int s, int p, double scale) {
        windows(planes, h, w, oh, ow, k, s, p, (o, at) -> set(dx, at, get(dx, at) + get(dy, o) * scale));
    }

    @FunctionalInterface
    private interface WindowVisitor {
        void visit(int out, int in);
    }

    private static void windows(int planes, int h, int w, int oh, int ow, int k, int s, int p, WindowVisitor v) {
        for (int q = 0; q < planes; q++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    int o = (q * oh + i) * ow + j;
                    for (int u = 0; u < k; u++) {
                        int yy = i * s - p + u;
                        if (yy < 0 || yy >= h) continue;
                        for (int t = 0; t < k; t++) {
                            int xx = j * s - p + t;
                            if (xx >= 0 && xx < w) v.visit(o, (q * h + yy) * w + xx);
                        }
                    }
                }
    }
}
