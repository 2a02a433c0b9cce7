package org.segrad.kernels;

/**
 * Facade for 2-D batch normalisation over {@code x[n][c][hw]} (NCHW with {@code hw = H·W}), statistics per channel
 * over the {@code M = n·hw} values of that channel. {@code gamma}/{@code beta} may be null (no affine: 1 and 0).
 * <pre>
 * forwardTraining:  mean_c = (1/M) Σ x,  var_c = (1/M) Σ (x − mean_c)²  (biased, as PyTorch normalises with),
 *                   y = γ_c·(x − mean_c)·s_c + β_c,  s_c = 1/√(var_c + eps)
 * backwardTraining: dβ_c = Σ dy,  dγ_c = Σ dy·x̂  (x̂ = (x − mean_c)·s_c),
 *                   dx = γ_c·s_c·(dy − dβ_c/M − x̂·dγ_c/M)
 * forwardInference: y = γ_c·(x − runningMean_c)/√(runningVar_c + eps) + β_c
 * </pre>
 * Running statistics are the caller's business (PyTorch updates running_var with the unbiased {@code var·M/(M−1)}).
 * Modified arguments: forwardTraining writes {@code y, mean, var}; backwardTraining writes {@code dx, dgamma, dbeta}
 * (dgamma/dbeta may be null when not wanted); forwardInference writes {@code y}. In-place {@code y == x} is allowed.
 * float32 is SIMD ({@link SimdBatchNorm}, per-plane vector sums added in double) when {@link SimdSupport#enabled()},
 * split over channels across threads (each channel's result is independent of the split).
 */
public final class BatchNormKernels {
    private BatchNormKernels() {}

    /** Training-mode forward (batch statistics); writes y, mean, var (biased). */
    public static void forwardTraining(int n, int c, int hw, float[] x, float[] gamma, float[] beta, double eps,
                                       float[] y, float[] mean, float[] var) {
        check(n, c, hw, x.length, y.length, mean.length, var.length, len(gamma), len(beta));
        if (SimdSupport.enabled()) Parallel.forRange(c, 4L * n * c * hw, (c0, c1, k) -> SimdBatchNorm.forwardTraining(n, c, hw, x, gamma, beta, eps, y, mean, var, c0, c1));
        else ScalarBatchNorm.forwardTraining(n, c, hw, x, gamma, beta, eps, y, mean, var, 0, c);
    }

    /** Training-mode backward, given the forward's mean and var; writes dx, and dgamma/dbeta when not null. */
    public static void backwardTraining(int n, int c, int hw, float[] x, float[] dy, float[] gamma, float[] mean, float[] var,
                                        double eps, float[] dx, float[] dgamma, float[] dbeta) {
        check(n, c, hw, x.length, Math.min(dy.length, dx.length), mean.length, var.length, len(gamma), -1);
        if (SimdSupport.enabled()) Parallel.forRange(c, 4L * n * c * hw, (c0, c1, k) -> SimdBatchNorm.backwardTraining(n, c, hw, x, dy, gamma, mean, var, eps, dx, dgamma, dbeta, c0, c1));
        else ScalarBatchNorm.backwardTraining(n, c, hw, x, dy, gamma, mean, var, eps, dx, dgamma, dbeta, 0, c);
    }

    /** Inference forward with running statistics; writes y. */
    public static void forwardInference(int n, int c, int hw, float[] x, float[] gamma, float[] beta,
                                        float[] runningMean, float[] runningVar, double eps, float[] y) {
        check(n, c, hw, x.length, y.length, runningMean.length, runningVar.length, len(gamma), len(beta));
        // y = x·a_c + b_c: one FMA per loaded element, memory-bound (inference only): kept scalar.
        ScalarBatchNorm.forwardInference(n, c, hw, x, gamma, beta, runningMean, runningVar, eps, y);
    }

    /** float64 training-mode forward (scalar); writes y, mean, var. */
    public static void forwardTraining(int n, int c, int hw, double[] x, double[] gamma, double[] beta, double eps,
                                       double[] y, double[] mean, double[] var) {
        check(n, c, hw, x.length, y.length, mean.length, var.length, len(gamma), len(beta));
        ScalarBatchNorm.forwardTraining(n, c, hw, x, gamma, beta, eps, y, mean, var);
    }

    /** float64 training-mode backward (scalar); writes dx, and dgamma/dbeta when not null. */
    public static void backwardTraining(int n, int c, int hw, double[] x, double[] dy, double[] gamma, double[] mean, double[] var,
                                        double eps, double[] dx, double[] dgamma, double[] dbeta) {
        check(n, c, hw, x.length, Math.min(dy.length, dx.length), mean.length, var.length, len(gamma), -1);
        ScalarBatchNorm.backwardTraining(n, c, hw, x, dy, gamma, mean, var, eps, dx, dgamma, dbeta);
    }

    private static int len(float[] a) { return a == null ? -1 : a.length; }

    private static int len(double[] a) { return a == null ? -1 : a.length; }

    private static void check(int n, int c, int hw, int xLen, int yLen, int meanLen, int varLen, int gammaLen, int betaLen) {
        long size = (long) n * c * hw;
        if (n < 1 || c < 1 || hw < 1) throw new IllegalArgumentException("batchnorm: need n, c, hw >= 1, got n=" + n + " c=" + c + " hw=" + hw);
        if (xLen < size || yLen < size) throw new IllegalArgumentException("batchnorm: x/y need " + size + " elements, have " + xLen + "/" + yLen);
        if (meanLen < c || varLen < c) throw new IllegalArgumentException("batchnorm: mean/var need " + c + " elements, have " + meanLen + "/" + varLen);
        if (gammaLen >= 0 && gammaLen < c) throw new IllegalArgumentException("batchnorm: gamma needs " + c + " elements, has " + gammaLen);
        if (betaLen >= 0 && betaLen < c) throw new IllegalArgumentException("batchnorm: beta needs " + c + " elements, has " + betaLen);
    }
}
