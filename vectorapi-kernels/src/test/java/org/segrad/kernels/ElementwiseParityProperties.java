package org.segrad.kernels;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Assertions;

/**
 * ReLU, batch norm and max-pool against their scalar twins / definitions.
 *
 * <p>Batch-norm tolerance. The SIMD kernel sums each plane in float32 vectors (two accumulators, so at most
 * {@code hw/(2L)} additions per lane, then {@code log2 L} in the lane reduction) and adds plane sums in double; the
 * twin sums in double. With {@code K = hw/(2L) + log2(L) + 4}, a sum of terms {@code t} is off by at most
 * {@code K·u·Σ|t|} (recursive summation bound, {@code u = 2⁻²⁴}), which bounds the error of mean, var, Σdy and
 * Σdy·(x−μ) through their absolute sums. An output is a short expression of those with a handful of float
 * roundings, the affine form {@code x·a + b} rounding against {@code |a·x| + |b|}; so we allow
 * {@code 4·K·u} times the absolute magnitude of every term in the output's formula (computed below as {@code mag}).
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

    @Property(tries = 60)
    void batchNormMatchesScalar(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 19) int c,
                                @ForAll @IntRange(min = 1, max = 300) int hw, @ForAll boolean affine, @ForAll long seed) {
        Random r = new Random(seed);
        int size = n * c * hw;
        float[] x = Tolerance.random(r, size), dy = Tolerance.random(r, size);
        for (int i = 0; i < size; i++) x[i] = x[i] * 3 + 1.5f; // non-zero mean, non-unit variance
        float[] gamma = affine ? Tolerance.random(r, c) : null, beta = affine ? Tolerance.random(r, c) : null;
        double eps = 1e-5;
        float[] y0 = new float[size], y1 = new float[size], m0 = new float[c], m1 = new float[c], v0 = new float[c], v1 = new float[c];
        ScalarBatchNorm.forwardTraining(n, c, hw, x, gamma, beta, eps, y0, m0, v0, 0, c);
        SimdBatchNorm.forwardTraining(n, c, hw, x, gamma, beta, eps, y1, m1, v1, 0, c);
        double k = 4 * (hw / (2.0 * SimdBatchNorm.L) + 4 + 4) * Tolerance.U;
        for (int ch = 0; ch < c; ch++) {
            double absMean = 0, s = 1 / Math.sqrt(v0[ch] + eps), g = affine ? Math.abs(gamma[ch]) : 1, bt = affine ? Math.abs(beta[ch]) : 0;
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) absMean += Math.abs(x[(b * c + ch) * hw + i]);
            absMean /= (double) n * hw;
            close("mean", m0[ch], m1[ch], k * absMean);
            close("var", v0[ch], v1[ch], k * 4 * absMean * absMean + 1e-12);
            for (int b = 0; b < n; b++)
                for (int i = 0; i < hw; i++) {
                    int o = (b * c + ch) * hw + i;
                    double mag = g * s * (Math.abs(x[o]) + absMean) * (1 + k * 4 * absMean * absMean * s * s) + bt;
                    close("y", y0[o], y1[o], k * mag);
                }
        }
        float[] dx0 = new float[size], dx1 = new float[size], dg0 = new float[c], dg1 = new float[c], db0 = new float[c], db1 = new float[c];
        ScalarBatchNorm.backwardTraining(n, c, hw, x, dy, gamma, m0, v0, eps, dx0, dg0, db0, 0, c);
        SimdBatchNorm.backwardTraining(n, c, hw, x, dy, gamma, m0, v0, eps, dx1, dg1, db1, 0, c);
        for (int ch = 0; ch < c; ch++) {
            double s = 1 / Math.sqrt(v0[ch] + eps), g = affine ? Math.abs(gamma[ch]) : 1, sumDy = 0, sumDyX = 0;
            long m = (long) n * hw;
            for (int b = 0; b < n; b++)
                for (int i = 0; i < hw; i++) {
                    int o = (b * c + ch) * hw + i;
                    sumDy += Math.abs(dy[o]);
                    sumDyX += Math.abs(dy[o]) * (Math.abs(x[o]) + Math.abs(m0[ch]));
                }
            close("dbeta", db0[ch], db1[ch], k * sumDy);
            close("dgamma", dg0[ch], dg1[ch], k * s * sumDyX);
            for (int b = 0; b < n; b++)
                for (int i = 0; i < hw; i++) {
                    int o = (b * c + ch) * hw + i;
                    double xhat = (Math.abs(x[o]) + Math.abs(m0[ch])) * s;
                    double mag = g * s * (Math.abs(dy[o]) + sumDy / m + xhat * s * sumDyX / m);
                    close("dx", dx0[o], dx1[o], k * mag);
                }
        }
    }

    private static void close(String what, float expected, float actual, double tol) {
        if (!(Math.abs((double) expected - actual) <= tol + 1e-30)) {
            throw new AssertionError(what + ": expected " + expected + " but was " + actual + " (tolerance " + tol + ")");
        }
    }

    @Property(tries = 40)
    void maxPoolMatchesDefinitionAndRoutesGradient(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 5) int c,
                                                   @ForAll @IntRange(min = 2, max = 17) int h, @ForAll @IntRange(min = 2, max = 17) int w,
                                                   @ForAll long seed) {
        Random r = new Random(seed);
        float[] x = Tolerance.random(r, n * c * h * w);
        int oh = h / 2, ow = w / 2;
        float[] y = new float[n * c * oh * ow], dy = Tolerance.random(r, y.length), dx = new float[x.length];
        int[] arg = new int[y.length];
        MaxPool2x2Kernels.forward(n, c, h, w, x, y, arg);
        MaxPool2x2Kernels.backward(n, c, h, w, dy, arg, dx);
        double[] xd = new double[x.length], yd = new double[y.length], dyd = new double[y.length], dxd = new double[x.length];
        for (int i = 0; i < x.length; i++) xd[i] = x[i];
        for (int i = 0; i < y.length; i++) dyd[i] = dy[i];
        int[] argd = new int[y.length];
        MaxPool2x2Kernels.forward(n, c, h, w, xd, yd, argd);
        MaxPool2x2Kernels.backward(n, c, h, w, dyd, argd, dxd);
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
}
