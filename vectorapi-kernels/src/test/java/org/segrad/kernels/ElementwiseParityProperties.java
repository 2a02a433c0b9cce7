package org.segrad.kernels;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Assertions;

/**
 * ReLU against its scalar twin, max-pool against its definition and float32 against float64, and batch norm's
 * float32 table against its float64 one.
 */
class ElementwiseParityProperties {

    @Property(tries = 40)
    void reluMatchesScalarExactly(@ForAll @IntRange(min = 0, max = 100) int len, @ForAll @IntRange(min = 0, max = 3) int off,
                                  @ForAll long seed) {
        Random r = new Random(seed);
        float[] x = Tolerance.random(r, off + len + 2), dy = Tolerance.random(r, x.length);
        if (len > 3) x[off + 1] = 0f;
        if (len > 5) x[off + 4] = Float.NaN;
        float[] a = x.clone(), b = x.clone();
        SimdRelu.forward(x, a, off, len);
        ScalarRelu.forward(x, b, off, len);
        Assertions.assertArrayEquals(b, a);
        float[] da = dy.clone(), db = dy.clone();
        SimdRelu.backward(x, dy, da, off, len);
        ScalarRelu.backward(x, dy, db, off, len);
        Assertions.assertArrayEquals(db, da);
    }

    @Property(tries = 40)
    void maxPoolMatchesDefinitionAndRoutesGradient(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 5) int c,
                                                   @ForAll @IntRange(min = 2, max = 17) int h, @ForAll @IntRange(min = 2, max = 17) int w,
                                                   @ForAll long seed) {
        Random r = new Random(seed);
        float[] x = Tolerance.random(r, n * c * h * w);
        int oh = h / 2, ow = w / 2;
        float[] y = new float[n * c * oh * ow], dy = Tolerance.random(r, y.length), dx = new float[x.length];
        byte[] argBytes = new byte[y.length];
        MaxPool2x2Kernels.forward(ArrayKernels.FLOAT32, x, y, argBytes, n * c, h, w, oh, ow);
        MaxPool2x2Kernels.backward(ArrayKernels.FLOAT32, dy, argBytes, dx, n * c, h, w, oh, ow);
        int[] arg = flatArgmax(argBytes, n * c, h, w);
        double[] xd = new double[x.length], yd = new double[y.length], dyd = new double[y.length], dxd = new double[x.length];
        for (int i = 0; i < x.length; i++) xd[i] = x[i];
        for (int i = 0; i < y.length; i++) dyd[i] = dy[i];
        byte[] argdBytes = new byte[y.length];
        MaxPool2x2Kernels.forward(ArrayKernels.FLOAT64, xd, yd, argdBytes, n * c, h, w, oh, ow);
        MaxPool2x2Kernels.backward(ArrayKernels.FLOAT64, dyd, argdBytes, dxd, n * c, h, w, oh, ow);
        int[] argd = flatArgmax(argdBytes, n * c, h, w);
        Assertions.assertArrayEquals(arg, argd);
        int k = 0;
        for (int p = 0; p < n * c; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++, k++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int di = 0; di < 2; di++) for (int dj = 0; dj < 2; dj++) m = Math.max(m, x[(p * h + 2 * i + di) * w + 2 * j + dj]);
                    Assertions.assertEquals(m, y[k]);
                    Assertions.assertEquals(m, x[arg[k]]);
                    Assertions.assertEquals(dy[k], dx[arg[k]]);
                    Assertions.assertEquals(yd[k], y[k]);
                }
        int nonZero = 0;
        for (int i = 0; i < dx.length; i++) {
            if (dx[i] != 0f) nonZero++;
            Assertions.assertEquals(dxd[i], dx[i]);
        }
        Assertions.assertTrue(nonZero <= y.length);
    }

    /** The flat index into x of each window's winner, from its position 0..3. */
    private static int[] flatArgmax(byte[] at, int planes, int h, int w) {
        int oh = h / 2, ow = w / 2;
        int[] flat = new int[at.length];
        for (int p = 0, k = 0; p < planes; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++, k++) flat[k] = (p * h + 2 * i + (at[k] >> 1)) * w + 2 * j + (at[k] & 1);
        return flat;
    }

    @Property(tries = 60)
    void batchNormFloat32MatchesFloat64(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 19) int c,
                                        @ForAll @IntRange(min = 2, max = 300) int hw, @ForAll boolean affine, @ForAll boolean relu,
                                        @ForAll long seed) {
        batchNormTablesAgree(n, c, hw, affine, relu, seed);
    }

    /**
     * BatchNormKernels over the float32 and the float64 table, on the same (float) inputs: forward, backward and the
     * running statistics agree to float32 accuracy (1e-4 of the magnitude of each value's terms, absolute 1e-4 near 0).
     */
    static void batchNormTablesAgree(int n, int c, int hw, boolean affine, boolean relu, long seed) {
        Random r = new Random(seed);
        int size = n * c * hw;
        float[] x = Tolerance.random(r, size), g = Tolerance.random(r, size);
        for (int i = 0; i < size; i++) x[i] = x[i] * 3 + 1.5f;
        float[] gamma = affine ? Tolerance.random(r, c) : null, beta = affine ? Tolerance.random(r, c) : null;
        float[] rm = new float[c], rv = new float[c], y = new float[size], gx = new float[size];
        double[] rmd = new double[c], rvd = new double[c], yd = new double[size], gxd = new double[size];
        double[] m32 = new double[c], s32 = new double[c], m64 = new double[c], s64 = new double[c];
        double[] sg32 = new double[c], sgx32 = new double[c], sg64 = new double[c], sgx64 = new double[c];
        BatchNormKernels.forward(ArrayKernels.FLOAT32, x, y, n, c, hw, true, gamma, beta, rm, rv, 0.1, 1e-5, relu, m32, s32);
        BatchNormKernels.forward(ArrayKernels.FLOAT64, widen(x), yd, n, c, hw, true, gamma == null ? null : widen(gamma),
                beta == null ? null : widen(beta), rmd, rvd, 0.1, 1e-5, relu, m64, s64);
        BatchNormKernels.backward(ArrayKernels.FLOAT32, ArrayKernels.FLOAT32, g, x, gx, n, c, hw, true, gamma, m32, s32, sg32, sgx32);
        BatchNormKernels.backward(ArrayKernels.FLOAT64, ArrayKernels.FLOAT64, widen(g), widen(x), gxd, n, c, hw, true,
                gamma == null ? null : widen(gamma), m64, s64, sg64, sgx64);
        for (int ch = 0; ch < c; ch++) {
            near("mean", m64[ch], m32[ch]);
            near("invStd", s64[ch], s32[ch]);
            near("running_mean", rmd[ch], rm[ch]);
            near("running_var", rvd[ch], rv[ch]);
            near("sum g", sg64[ch], sg32[ch]);
            near("sum g x^", sgx64[ch], sgx32[ch]);
        }
        // y = (x − μ)·a + b and dx = g·A + ((x − μ)·B + C) round μ and the constants to float: the error is relative
        // to the magnitude of each term (μ included), not to the result, which can cancel.
        int m = n * hw;
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++) {
                double gm = affine ? gamma[ch] : 1, is = s64[ch], mu = m64[ch];
                double a = gm * is, bCoef = -gm * is * is * sgx64[ch] / m, cCoef = -gm * is * sg64[ch] / m;
                for (int i = (b * c + ch) * hw; i < (b * c + ch + 1) * hw; i++) {
                    double centred = Math.abs(x[i]) + Math.abs(mu);
                    near("y", yd[i], y[i], centred * Math.abs(a) + (affine ? Math.abs(beta[ch]) : 0));
                    near("dx", gxd[i], gx[i], Math.abs(g[i] * a) + centred * Math.abs(bCoef) + Math.abs(cCoef));
                }
            }
    }

    private static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    private static void near(String what, double expected, double actual) {
        near(what, expected, actual, Math.abs(expected));
    }

    /** |expected − actual| ≤ 1e-4 · max(1, magnitude): float32 accuracy on a value whose terms reach that magnitude. */
    private static void near(String what, double expected, double actual, double magnitude) {
        if (!(Math.abs(expected - actual) <= 1e-4 * Math.max(1, magnitude))) {
            throw new AssertionError(what + ": float64 gives " + expected + ", float32 " + actual + " (term magnitude " + magnitude + ")");
        }
    }
}
