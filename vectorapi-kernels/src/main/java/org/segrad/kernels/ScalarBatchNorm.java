package org.segrad.kernels;

/** Scalar reference twin of {@link SimdBatchNorm} (double accumulation); formulas in {@link BatchNormKernels}. */
public final class ScalarBatchNorm {
    private ScalarBatchNorm() {}

    /** Training-mode forward for channels {@code [c0, c1)} (formula in {@link BatchNormKernels}); writes y, mean, var. */
    public static void forwardTraining(int n, int c, int hw, float[] x, float[] gamma, float[] beta, double eps,
                                       float[] y, float[] mean, float[] var, int c0, int c1) {
        long m = (long) n * hw;
        for (int ch = c0; ch < c1; ch++) {
            double s = 0;
            for (int b = 0; b < n; b++) for (int i = 0, o = (b * c + ch) * hw; i < hw; i++) s += x[o + i];
            double mu = s / m, q = 0;
            for (int b = 0; b < n; b++) for (int i = 0, o = (b * c + ch) * hw; i < hw; i++) q += (x[o + i] - mu) * (x[o + i] - mu);
            double v = q / m, scale = (gamma == null ? 1.0 : gamma[ch]) / Math.sqrt(v + eps), shift = beta == null ? 0.0 : beta[ch];
            for (int b = 0; b < n; b++) for (int i = 0, o = (b * c + ch) * hw; i < hw; i++) y[o + i] = (float) ((x[o + i] - mu) * scale + shift);
            mean[ch] = (float) mu;
            var[ch] = (float) v;
        }
    }

    /** Training-mode backward for channels {@code [c0, c1)}; writes dx, and dgamma/dbeta when not null. */
    public static void backwardTraining(int n, int c, int hw, float[] x, float[] dy, float[] gamma, float[] mean, float[] var,
                                        double eps, float[] dx, float[] dgamma, float[] dbeta, int c0, int c1) {
        long m = (long) n * hw;
        for (int ch = c0; ch < c1; ch++) {
            double mu = mean[ch], s = 1 / Math.sqrt(var[ch] + eps), sdy = 0, sdyx = 0;
            for (int b = 0; b < n; b++)
                for (int i = 0, o = (b * c + ch) * hw; i < hw; i++) {
                    sdy += dy[o + i];
                    sdyx += dy[o + i] * (x[o + i] - mu);
                }
            double dg = sdyx * s, g = gamma == null ? 1.0 : gamma[ch];
            for (int b = 0; b < n; b++)
                for (int i = 0, o = (b * c + ch) * hw; i < hw; i++) {
                    double xhat = (x[o + i] - mu) * s;
                    dx[o + i] = (float) (g * s * (dy[o + i] - sdy / m - xhat * dg / m));
                }
            if (dgamma != null) dgamma[ch] = (float) dg;
            if (dbeta != null) dbeta[ch] = (float) sdy;
        }
    }

    /** Inference forward with running statistics; writes y. */
    public static void forwardInference(int n, int c, int hw, float[] x, float[] gamma, float[] beta,
                                        float[] runningMean, float[] runningVar, double eps, float[] y) {
        for (int ch = 0; ch < c; ch++) {
            double a = (gamma == null ? 1.0 : gamma[ch]) / Math.sqrt(runningVar[ch] + eps);
            float fa = (float) a, fb = (float) ((beta == null ? 0.0 : beta[ch]) - runningMean[ch] * a);
            for (int b = 0; b < n; b++) for (int i = 0, o = (b * c + ch) * hw; i < hw; i++) y[o + i] = x[o + i] * fa + fb;
        }
    }

    /** float64 training-mode forward, all channels; writes y, mean, var. */
    public static void forwardTraining(int n, int c, int hw, double[] x, double[] gamma, double[] beta, double eps,
                                       double[] y, double[] mean, double[] var) {
        long m = (long) n * hw;
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int b = 0; b < n; b++) for (int i = 0, o = (b * c + ch) * hw; i < hw; i++) s += x[o + i];
            double mu = s / m, q = 0;
            for (int b = 0; b < n; b++) for (int i = 0, o = (b * c + ch) * hw; i < hw; i++) q += (x[o + i] - mu) * (x[o + i] - mu);
            double v = q / m, scale = (gamma == null ? 1.0 : gamma[ch]) / Math.sqrt(v + eps), shift = beta == null ? 0.0 : beta[ch];
            for (int b = 0; b < n; b++) for (int i = 0, o = (b * c + ch) * hw; i < hw; i++) y[o + i] = (x[o + i] - mu) * scale + shift;
            mean[ch] = mu;
            var[ch] = v;
        }
    }

    /** float64 training-mode backward, all channels; writes dx, and dgamma/dbeta when not null. */
    public static void backwardTraining(int n, int c, int hw, double[] x, double[] dy, double[] gamma, double[] mean, double[] var,
                                        double eps, double[] dx, double[] dgamma, double[] dbeta) {
        long m = (long) n * hw;
        for (int ch = 0; ch < c; ch++) {
            double mu = mean[ch], s = 1 / Math.sqrt(var[ch] + eps), sdy = 0, sdyx = 0;
            for (int b = 0; b < n; b++)
                for (int i = 0, o = (b * c + ch) * hw; i < hw; i++) {
                    sdy += dy[o + i];
                    sdyx += dy[o + i] * (x[o + i] - mu);
                }
            double dg = sdyx * s, g = gamma == null ? 1.0 : gamma[ch];
            for (int b = 0; b < n; b++)
                for (int i = 0, o = (b * c + ch) * hw; i < hw; i++)
                    dx[o + i] = g * s * (dy[o + i] - sdy / m - (x[o + i] - mu) * s * dg / m);
            if (dgamma != null) dgamma[ch] = dg;
            if (dbeta != null) dbeta[ch] = sdy;
        }
    }
}
