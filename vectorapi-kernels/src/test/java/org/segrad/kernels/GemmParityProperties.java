package org.segrad.kernels;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.Test;

/** SIMD GEMM against its scalar twin and against EJML, all transpose combinations, sizes from 0. */
class GemmParityProperties {

    @Property(tries = 300)
    void simdMatchesScalar(@ForAll @IntRange(min = 0, max = 70) int m, @ForAll @IntRange(min = 0, max = 70) int n,
                           @ForAll @IntRange(min = 0, max = 300) int k, @ForAll boolean transA, @ForAll boolean transB,
                           @ForAll boolean accumulate, @ForAll @IntRange(min = 0, max = 5) int off, @ForAll long seed) {
        checkAgainstScalar(m, n, k, transA, transB, accumulate, off, seed);
    }

    @Test
    void largeBlockedShapesMatchScalar() {
        // Crosses the KC/MC/NC cache blocks and uses several threads.
        int old = Parallel.threads();
        try {
            Parallel.setThreads(2);
            checkAgainstScalar(137, 1100, 300, false, false, false, 0, 1);
            checkAgainstScalar(133, 530, 520, true, true, true, 3, 2);
        } finally {
            Parallel.setThreads(old);
        }
    }

    static void checkAgainstScalar(int m, int n, int k, boolean transA, boolean transB, boolean accumulate, int off, long seed) {
        Random r = new Random(seed);
        float[] a = Tolerance.random(r, off + m * k), b = Tolerance.random(r, off + k * n);
        float[] c0 = Tolerance.random(r, off + m * n + 3);
        float[] expected = c0.clone(), actual = c0.clone();
        ScalarGemm.gemm(transA, transB, m, n, k, a, off, b, off, expected, off, accumulate);
        SimdGemm.gemm(transA, transB, m, n, k, a, off, b, off, actual, off, accumulate);
        float[] absDot = Tolerance.abs(c0);
        if (!accumulate) java.util.Arrays.fill(absDot, 0f);
        ScalarGemm.gemm(transA, transB, m, n, k, Tolerance.abs(a), off, Tolerance.abs(b), off, absDot, off, true);
        Tolerance.assertClose("gemm m=" + m + " n=" + n + " k=" + k + " tA=" + transA + " tB=" + transB + " acc=" + accumulate,
                expected, actual, absDot, k);
    }

    @Property(tries = 60)
    void simdMatchesEjml(@ForAll @IntRange(min = 0, max = 40) int m, @ForAll @IntRange(min = 0, max = 40) int n,
                         @ForAll @IntRange(min = 0, max = 40) int k, @ForAll boolean transA, @ForAll boolean transB,
                         @ForAll long seed) {
        Random r = new Random(seed);
        FMatrixRMaj a = new FMatrixRMaj(transA ? k : m, transA ? m : k, true, Tolerance.random(r, m * k));
        FMatrixRMaj b = new FMatrixRMaj(transB ? n : k, transB ? k : n, true, Tolerance.random(r, k * n));
        FMatrixRMaj c = new FMatrixRMaj(m, n);
        if (transA && transB) CommonOps_FDRM.multTransAB(a, b, c);
        else if (transA) CommonOps_FDRM.multTransA(a, b, c);
        else if (transB) CommonOps_FDRM.multTransB(a, b, c);
        else CommonOps_FDRM.mult(a, b, c);
        float[] actual = new float[m * n];
        GemmKernels.gemm(transA, transB, m, n, k, a.data, 0, b.data, 0, actual, 0, false);
        float[] absDot = new float[m * n];
        ScalarGemm.gemm(transA, transB, m, n, k, Tolerance.abs(a.data), 0, Tolerance.abs(b.data), 0, absDot, 0, false);
        // EJML also sums in float32: both sides carry the γ_K error, hence twice the one-sided bound.
        float[] doubled = absDot.clone();
        for (int i = 0; i < doubled.length; i++) doubled[i] *= 2;
        Tolerance.assertClose("gemm vs EJML m=" + m + " n=" + n + " k=" + k, java.util.Arrays.copyOf(c.data, m * n), actual, doubled, k);
    }

    @Test
    void zeroDepthOverwritesOrKeeps() {
        float[] c = {1, 2, 3, 4};
        SimdGemm.gemm(false, false, 2, 2, 0, new float[0], 0, new float[0], 0, c, 0, true);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, 2, 3, 4}, c);
        SimdGemm.gemm(false, false, 2, 2, 0, new float[0], 0, new float[0], 0, c, 0, false);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[4], c);
    }

    @Test
    void facadeNamesTheShortArgument() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GemmKernels.gemm(false, false, 2, 2, 2, new float[3], 0, new float[4], 0, new float[4], 0, false));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("a needs 4"), e.getMessage());
    }
}
