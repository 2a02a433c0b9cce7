package org.segrad.kernels;

/**
 * Facade for matrix products: {@code C[m×n] (+)= op(A)·op(B)}, row-major, contiguous; see {@link ScalarGemm}
 * for the exact contract.
 */
public final class GemmKernels {
    private GemmKernels() {}

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        ScalarGemm.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, boolean accumulate) {
        ScalarGemm.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }
}
