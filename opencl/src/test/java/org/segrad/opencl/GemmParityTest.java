package org.segrad.opencl;

import static org.segrad.opencl.OpenClTestSupport.assertClose;
import static org.segrad.opencl.OpenClTestSupport.random;

import org.junit.jupiter.api.Test;
import org.segrad.kernels.ScalarGemm;

/** The tiled GEMM against {@code ScalarGemm}: all four transposes, offsets, accumulate, sizes off the 16-tile grid. */
class GemmParityTest {
    @Test
    void everyTransposeOffsetAndAccumulateMatchesTheScalarReference() {
        ClContext ctx = OpenClTestSupport.context();
        int m = 5, n = 19, k = 33, aOff = 3, bOff = 1, cOff = 2;
        float[] a = random(1, aOff + m * k), b = random(2, bOff + k * n), c0 = random(3, cOff + m * n);
        for (boolean ta : new boolean[] {false, true})
            for (boolean tb : new boolean[] {false, true})
                for (boolean acc : new boolean[] {false, true}) {
                    float[] expected = c0.clone();
                    ScalarGemm.gemm(ta, tb, m, n, k, a, aOff, b, bOff, expected, cOff, acc);
                    try (BufferScope s = ctx.scope()) {
                        ClBuffer c = s.upload(c0);
                        ClLinear.gemm(ctx, ta, tb, m, n, k, s.upload(a), aOff, s.upload(b), bOff, c, cOff, acc);
                        assertClose("gemm transA=" + ta + " transB=" + tb + " accumulate=" + acc, expected, c.readFloats());
                    }
                }
    }

    @Test
    void aSquareProductOfSeveralTiles() {
        ClContext ctx = OpenClTestSupport.context();
        int m = 40, n = 48, k = 36;
        float[] a = random(4, m * k), b = random(5, k * n), expected = new float[m * n];
        ScalarGemm.gemm(false, false, m, n, k, a, 0, b, 0, expected, 0, false);
        try (BufferScope s = ctx.scope()) {
            ClBuffer c = s.floats(m * n);
            ClLinear.gemm(ctx, false, false, m, n, k, s.upload(a), 0, s.upload(b), 0, c, 0, false);
            assertClose("gemm 40x48x36", expected, c.readFloats());
        }
    }
}
