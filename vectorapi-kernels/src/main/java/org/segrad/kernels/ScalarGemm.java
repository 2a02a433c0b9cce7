package org.segrad.kernels;

/**
 * Scalar reference GEMM, row-major, contiguous operands:
 * {@code C[m×n] (+)= op(A)[m×k] · op(B)[k×n]} where {@code op(A) = Aᵀ} when {@code transA}
 * (A then stored k×m) and likewise for B (stored n×k when {@code transB}).
 * With {@code accumulate = false} C is overwritten.
 */
public final class ScalarGemm {
    private ScalarGemm() {}

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double acc = accumulate ? c[cOff + i * n + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
                    float bv = transB ? b[bOff + j * k + p] : b[bOff + p * n + j];
                    acc += (double) av * bv;
                }
                c[cOff + i * n + j] = (float) acc;
            }
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, boolean accumulate) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double acc = accumulate ? c[cOff + i * n + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
                    double bv = transB ? b[bOff + j * k + p] : b[bOff + p * n + j];
                    acc += av * bv;
                }
                c[cOff + i * n + j] = acc;
            }
    }
}
