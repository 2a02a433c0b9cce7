package org.segrad.kernels;

/**
 * {@link ScalarGemm} on one element type, sums in 64-bit floating point, C rounded once. The float32 class is generated
 * from the float64 one by {@code TwinGenerator}: edit the float64 source only.
 */
final class Float64ScalarGemm {
    private Float64ScalarGemm() {}

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, boolean accumulate) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double acc = accumulate ? c[cOff + i * n + j] : 0.0; // keep
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
                    double bv = transB ? b[bOff + j * k + p] : b[bOff + p * n + j];
                    acc += (double) av * bv; // keep
                }
                c[cOff + i * n + j] = (double) acc;
            }
    }
}
