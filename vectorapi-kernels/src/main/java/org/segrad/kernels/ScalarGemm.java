package org.segrad.kernels;

/**
 * Scalar reference GEMM, row-major, contiguous operands:
 * {@code C[m×n] (+)= op(A)[m×k] · op(B)[k×n]} where {@code op(A) = Aᵀ} when {@code transA}
 * (A then stored k×m) and likewise for B (stored n×k when {@code transB}).
 * With {@code accumulate = false} C is overwritten. Products and sums in double, C rounded once; the loop is written
 * once, in {@code Float64ScalarGemm}, and generated for float32.
 */
public final class ScalarGemm {
    private ScalarGemm() {}

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        Float32ScalarGemm.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, boolean accumulate) {
        Float64ScalarGemm.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }
}
