package org.segrad.kernels;

/**
 * Max-pooling 2×2, stride 2, no padding, over {@code planes} planes of h×w (NCHW: planes = n·c), output oh×ow
 * (PyTorch {@code MaxPool2d(2)}; oh = h/2, ow = w/2, an odd last row/column is dropped).
 * <pre>
 * forward:  y[p,i,j] = x[p, 2i+di, 2j+dj] for the window position at = 2·di + dj that wins the scan (0,0), (0,1),
 *           (1,0), (1,1) where an element replaces the best so far when greater or NaN: the first maximum (or the
 *           last NaN) wins; arg[p,i,j] = at
 * backward: dx[p, 2i + at/2, 2j + at%2] = dy[p,i,j]; windows do not overlap, so this is a scatter without sums
 * </pre>
 * The loop is branch-free in the common case (max of four, then the first index equal to it): with random data the
 * scan's compare-and-branch mispredicts about once per window. Memory-bound and scalar in both dtypes (the per-dtype
 * loops of {@link ArrayKernels}); planes are split across threads (each writes its own outputs).
 */
public final class MaxPool2x2Kernels {
    private MaxPool2x2Kernels() {}

    /** Reads x [planes, h, w]; overwrites y [planes, oh, ow] and arg (one byte per output, 0..3). */
    public static void forward(ArrayKernels k, Object x, Object y, byte[] arg, int planes, int h, int w, int oh, int ow) {
        check(planes, h, w, oh, ow, arg.length);
        Parallel.forRange(planes, work(planes, h, w), (p0, p1, chunk) -> k.maxPool2x2(x, y, arg, p0, p1, h, w, oh, ow));
    }

    /** Reads dy [planes, oh, ow] and arg; overwrites dx [planes, h, w]: each window's winner gets dy, the rest 0. */
    public static void backward(ArrayKernels k, Object dy, byte[] arg, Object dx, int planes, int h, int w, int oh, int ow) {
        check(planes, h, w, oh, ow, arg.length);
        Parallel.forRange(planes, work(planes, h, w), (p0, p1, chunk) -> k.maxPool2x2Backward(dy, arg, dx, p0, p1, h, w, oh, ow));
    }

    private static long work(int planes, int h, int w) {
        return (long) planes * h * w * KernelThresholds.ELEMENT_PASS_MACS;
    }

    private static void check(int planes, int h, int w, int oh, int ow, int argLen) {
        if (planes < 0 || oh != h / 2 || ow != w / 2 || argLen < (long) planes * oh * ow) {
            throw new IllegalArgumentException("maxpool2x2: planes=" + planes + " h=" + h + " w=" + w + " needs oh=" + h / 2
                    + " ow=" + w / 2 + " and " + (long) planes * (h / 2) * (w / 2) + " argmax bytes, got oh=" + oh + " ow=" + ow
                    + " and " + argLen);
        }
    }
}
