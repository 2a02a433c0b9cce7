package org.segrad.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD batch norm for channels {@code [c0, c1)}; formulas in {@link BatchNormKernels}. Each (image, channel) plane
 * is summed with two vector accumulators (≤ hw/(2L) float additions per lane) and the plane sums are added in
 * double, so the statistics' error grows with hw/L rather than with M = n·hw. Two passes for the variance
 * (centred), as the scalar twin.
 */
final class SimdBatchNorm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private SimdBatchNorm() {}

    /** Σ (x[o+i] − mu)^p over one plane, p = 1 (mu ignored) or 2. */
    private static double planeSum(float[] x, int o, int hw, float mu, boolean squares) {
        FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S);
        int i = 0;
        if (squares) {
            for (; i + 2 * L <= hw; i += 2 * L) {
                FloatVector d0 = FloatVector.fromArray(S, x, o + i).sub(mu), d1 = FloatVector.fromArray(S, x, o + i + L).sub(mu);
                a0 = d0.fma(d0, a0);
                a1 = d1.fma(d1, a1);
            }
        } else {
            for (; i + 2 * L <= hw; i += 2 * L) {
                a0 = a0.add(FloatVector.fromArray(S, x, o + i));
                a1 = a1.add(FloatVector.fromArray(S, x, o + i + L));
            }
        }
        float[] acc = Lanes.scratch();
        a0.add(a1).intoArray(acc, 0);
        double s = Lanes.sum(acc, 0, L);
        for (; i < hw; i++) {
            double d = squares ? x[o + i] - mu : x[o + i];
            s += squares ? d * d : d;
        }
        return s;
    }

    /** Σ dy and Σ dy·(x − mu) over one plane, into {@code out[0], out[1]} (added). */
    private static void planeGradSums(float[] x, float[] dy, int o, int hw, float mu, double[] out) {
        FloatVector s0 = FloatVector.zero(S), p0 = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= hw; i += L) {
            FloatVector g = FloatVector.fromArray(S, dy, o + i);
            s0 = s0.add(g);
            p0 = g.fma(FloatVector.fromArray(S, x, o + i).sub(mu), p0);
        }
        float[] acc = Lanes.scratch();
        s0.intoArray(acc, 0);
        p0.intoArray(acc, L);
        double s = Lanes.sum(acc, 0, L), p = Lanes.sum(acc, L, L);
        for (; i < hw; i++) {
            s += dy[o + i];
            p += dy[o + i] * (double) (x[o + i] - mu);
        }
        out[0] += s;
        out[1] += p;
    }

    /** {@code dst[o+i] = src[o+i]·a + b} over one plane. */
    private static void planeAffine(float[] src, float[] dst, int o, int hw, float a, float b) {
        int i = 0;
        for (; i + L <= hw; i += L) FloatVector.fromArray(S, src, o + i).fma(a, b).intoArray(dst, o + i);
        for (; i < hw; i++) dst[o + i] = Math.fma(src[o + i], a, b);
    }

    static void forwardTraining(int n, int c, int hw, float[] x, float[] gamma, float[] beta, double eps,
                                float[] y, float[] mean, float[] var, int c0, int c1) {
        long m = (long) n * hw;
        for (int ch = c0; ch < c1; ch++) {
            double s = 0;
            for (int b = 0; b < n; b++) s += planeSum(x, (b * c + ch) * hw, hw, 0f, false);
            float mu = (float) (s / m);
            double q = 0;
            for (int b = 0; b < n; b++) q += planeSum(x, (b * c + ch) * hw, hw, mu, true);
            double v = q / m, scale = (gamma == null ? 1.0 : gamma[ch]) / Math.sqrt(v + eps);
            float a = (float) scale, bb = (float) ((beta == null ? 0.0 : beta[ch]) - mu * scale);
            for (int b = 0; b < n; b++) planeAffine(x, y, (b * c + ch) * hw, hw, a, bb);
            mean[ch] = mu;
            var[ch] = (float) v;
        }
    }

    static void backwardTraining(int n, int c, int hw, float[] x, float[] dy, float[] gamma, float[] mean, float[] var,
                                 double eps, float[] dx, float[] dgamma, float[] dbeta, int c0, int c1) {
        long m = (long) n * hw;
        double[] sums = new double[2];
        for (int ch = c0; ch < c1; ch++) {
            float mu = mean[ch];
            double s = 1 / Math.sqrt(var[ch] + eps);
            sums[0] = 0;
            sums[1] = 0;
            for (int b = 0; b < n; b++) planeGradSums(x, dy, (b * c + ch) * hw, hw, mu, sums);
            double sdy = sums[0], dg = sums[1] * s, g = gamma == null ? 1.0 : gamma[ch];
            // dx = k·dy + a·x + b with k = g·s, a = −g·s²·dg/M, b = −g·s·sdy/M − a·mu
            double k = g * s, a = -g * s * s * dg / m, b0 = -g * s * sdy / m - a * mu;
            float fk = (float) k, fa = (float) a, fb = (float) b0;
            for (int b = 0; b < n; b++) {
                int o = (b * c + ch) * hw, i = 0;
                for (; i + L <= hw; i += L) {
                    FloatVector.fromArray(S, x, o + i).fma(fa, fb).add(FloatVector.fromArray(S, dy, o + i).mul(fk)).intoArray(dx, o + i);
                }
                for (; i < hw; i++) dx[o + i] = Math.fma(x[o + i], fa, fb) + dy[o + i] * fk;
            }
            if (dgamma != null) dgamma[ch] = (float) dg;
            if (dbeta != null) dbeta[ch] = (float) sdy;
        }
    }
}
