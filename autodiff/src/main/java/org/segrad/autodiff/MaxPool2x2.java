package org.segrad.autodiff;

import org.segrad.kernels.KernelThresholds;
import org.segrad.kernels.Parallel;

/**
 * The U-Net's max-pool, 2×2 windows with stride 2 and no padding, as direct array loops. Same rule as the general
 * {@link Pooling#maxPool2d}: the window is scanned (0,0), (0,1), (1,0), (1,1) and an element replaces the best so
 * far when it is greater or NaN, so the first maximum (or the last NaN) wins and receives the gradient. The loop is branch-free in
 * the common case (max of four, then the first index equal to it): with random data the scan's compare-and-branch
 * mispredicts about once per window and costs 4–5× more. Windows do not overlap, so the argmax is kept as one byte per output (0..3) and the backward is a scatter without sums.
 */
final class MaxPool2x2 {
    private MaxPool2x2() {}

    static Tensor apply(Tensor x, int planes, int h, int w, int oh, int ow) {
        Tensor y = Tensor.alloc(x.dtype(), x.dim(0), x.dim(1), oh, ow);
        byte[] arg = new byte[y.numel()];
        // Planes are independent (each writes its own outputs): split across threads.
        long work = (long) planes * h * w * KernelThresholds.ELEMENT_PASS_MACS;
        Parallel.forRange(planes, work, (p0, p1, chunk) -> {
            if (x.dtype() == DType.FLOAT32) forward(x.floatData(), y.floatData(), arg, p0, p1, h, w, oh, ow);
            else forward(x.doubleData(), y.doubleData(), arg, p0, p1, h, w, oh, ow);
        });
        return Autograd.record(Primitive.MAX_POOL2D, y, g -> {
            Tensor gx = Tensor.alloc(x.dtype(), x.shape());
            if (x.dtype() == DType.FLOAT32 && g.dtype() == DType.FLOAT32) {
                float[] gs = g.floatData(), dst = gx.floatData();
                Parallel.forRange(planes, work, (p0, p1, chunk) -> {
                    for (int p = p0, o = p0 * oh * ow; p < p1; p++)
                        for (int i = 0; i < oh; i++) {
                            int row = (p * h + 2 * i) * w;
                            for (int j = 0; j < ow; j++, o++) dst[row + 2 * j + (arg[o] >> 1) * w + (arg[o] & 1)] = gs[o];
                        }
                });
            } else {
                for (int p = 0, o = 0; p < planes; p++)
                    for (int i = 0; i < oh; i++) {
                        int row = (p * h + 2 * i) * w;
                        for (int j = 0; j < ow; j++, o++) gx.set(row + 2 * j + (arg[o] >> 1) * w + (arg[o] & 1), g.get(o));
                    }
            }
            return new Tensor[] {gx};
        }, x);
    }

    private static int lastNaN(double v0, double v1, double v2, double v3) {
        return v3 != v3 ? 3 : v2 != v2 ? 2 : v1 != v1 ? 1 : 0;
    }

    /** Planes [p0, p1) of the forward. */
    private static void forward(float[] src, float[] dst, byte[] arg, int p0, int p1, int h, int w, int oh, int ow) {
        for (int p = p0, o = p0 * oh * ow; p < p1; p++)
            for (int i = 0; i < oh; i++) {
                int r0 = (p * h + 2 * i) * w, r1 = r0 + w;
                for (int j = 0; j < ow; j++, o++) {
                    float v0 = src[r0 + 2 * j], v1 = src[r0 + 2 * j + 1], v2 = src[r1 + 2 * j], v3 = src[r1 + 2 * j + 1];
                    float m = Math.max(Math.max(v0, v1), Math.max(v2, v3));
                    int at;
                    if (m != m) {
                        at = lastNaN(v0, v1, v2, v3);
                    } else {
                        // The first element equal to the maximum (== also matches −0 with +0, like the > scan).
                        at = Integer.numberOfTrailingZeros((v0 == m ? 1 : 0) | (v1 == m ? 2 : 0) | (v2 == m ? 4 : 0) | 8);
                    }
                    dst[o] = src[r0 + 2 * j + (at >> 1) * w + (at & 1)];
                    arg[o] = (byte) at;
                }
            }
    }

    /** Planes [p0, p1) of the forward. */
    private static void forward(double[] src, double[] dst, byte[] arg, int p0, int p1, int h, int w, int oh, int ow) {
        for (int p = p0, o = p0 * oh * ow; p < p1; p++)
            for (int i = 0; i < oh; i++) {
                int r0 = (p * h + 2 * i) * w, r1 = r0 + w;
                for (int j = 0; j < ow; j++, o++) {
                    double v0 = src[r0 + 2 * j], v1 = src[r0 + 2 * j + 1], v2 = src[r1 + 2 * j], v3 = src[r1 + 2 * j + 1];
                    double m = Math.max(Math.max(v0, v1), Math.max(v2, v3));
                    int at;
                    if (m != m) {
                        at = lastNaN(v0, v1, v2, v3);
                    } else {
                        // The first element equal to the maximum (== also matches −0 with +0, like the > scan).
                        at = Integer.numberOfTrailingZeros((v0 == m ? 1 : 0) | (v1 == m ? 2 : 0) | (v2 == m ? 4 : 0) | 8);
                    }
                    dst[o] = src[r0 + 2 * j + (at >> 1) * w + (at & 1)];
                    arg[o] = (byte) at;
                }
            }
    }
}
