package org.segrad.kernels;

/**
 * Facade for matrix products: {@code C[m×n] (+)= op(A)·op(B)}, row-major, contiguous; see {@link ScalarGemm}
 * for the exact contract. Only {@code c[cOff .. cOff+m·n)} is modified (overwritten, or added to when
 * {@code accumulate}). float32 runs the packed SIMD GEMM ({@link SimdGemm}) when {@link SimdSupport#enabled()},
 * split over columns across {@link Parallel#threads()} (results do not depend on the thread count);
 * float64 runs the scalar reference.
 */
public final class GemmKernels {
    private GemmKernels() {}

    /** {@code C = op(A)·op(B)} or {@code C += op(A)·op(B)}; modifies only C. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        check(m, n, k, a.length, aOff, b.length, bOff, c.length, cOff);
        if (SimdSupport.enabled()) SimdGemm.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        else ScalarGemm.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    /** float64 twin of {@link #gemm(boolean, boolean, int, int, int, float[], int, float[], int, float[], int, boolean)} (scalar). */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, boolean accumulate) {
        check(m, n, k, a.length, aOff, b.length, bOff, c.length, cOff);
        ScalarGemm.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    private static void check(int m, int n, int k, int aLen, int aOff, int bLen, int bOff, int cLen, int cOff) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("gemm: sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        need("a", aLen, aOff, (long) m * k);
        need("b", bLen, bOff, (long) k * n);
        need("c", cLen, cOff, (long) m * n);
    }

    private static void need(String name, int len, int off, long count) {
        if (off < 0 || off + count > len) {
            throw new IllegalArgumentException("gemm: " + name + " needs " + count + " elements from offset " + off
                    + " but has length " + len);
        }
    }
}
