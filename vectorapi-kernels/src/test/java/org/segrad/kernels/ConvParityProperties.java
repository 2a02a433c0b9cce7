package org.segrad.kernels;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.segrad.kernels.ConvAlgorithm.Pass;

/** Every float32 convolution algorithm, every pass it supports, against the scalar twin on random shapes. */
class ConvParityProperties {

    @Provide
    Arbitrary<Integer> spatial() {
        return Arbitraries.oneOf(Arbitraries.of(1, 15, 16, 17), Arbitraries.integers().between(1, 20));
    }

    @Provide
    Arbitrary<Integer> channels() {
        return Arbitraries.oneOf(Arbitraries.of(1, 3, 17, 19), Arbitraries.integers().between(1, 20));
    }

    @Property(tries = 300)
    void everyAlgorithmMatchesScalar(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll("channels") int cIn,
                                     @ForAll("channels") int cOut, @ForAll("spatial") int h, @ForAll("spatial") int w,
                                     @ForAll @IntRange(min = 1, max = 3) int kh, @ForAll @IntRange(min = 1, max = 3) int kw,
                                     @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll @IntRange(min = 0, max = 2) int pad,
                                     @ForAll @IntRange(min = 1, max = 2) int dil, @ForAll boolean twoThreads, @ForAll long seed) {
        Assume.that(ConvGeometry.outSize(h, kh, stride, pad, dil) >= 1 && ConvGeometry.outSize(w, kw, stride, pad, dil) >= 1);
        ConvGeometry g = new ConvGeometry(n, cIn, h, w, cOut, kh, kw, stride, stride, pad, pad, dil, dil);
        checkAll(g, twoThreads, seed);
    }

    static void checkAll(ConvGeometry g, boolean twoThreads, long seed) {
        int old = Parallel.threads();
        long oldMin = Parallel.minWork;
        try {
            Parallel.setThreads(twoThreads ? 2 : 1);
            Parallel.minWork = 0; // split even these small shapes across the threads
            for (Pass pass : Pass.values())
                for (ConvAlgorithm alg : ConvAlgorithm.values())
                    if (alg != ConvAlgorithm.SCALAR && alg.supports(g, pass)) ConvParity.check(g, pass, alg, seed);
        } finally {
            Parallel.setThreads(old);
            Parallel.minWork = oldMin;
        }
    }

    @Test
    void unetShapesAtSmallBatch() {
        // 3×3 stride 1 pad 1 (direct), 2×2 stride 2 (transposed conv's passes), 1×1 head, wide enough for the 8×2 block.
        checkAll(ConvGeometry.of(2, 20, 17, 37, 19, 3, 1, 1, 1), true, 1);
        checkAll(ConvGeometry.of(3, 18, 16, 16, 9, 2, 2, 0, 1), false, 2);
        checkAll(ConvGeometry.of(1, 16, 33, 35, 2, 1, 1, 0, 1), true, 3);
        checkAll(new ConvGeometry(2, 5, 9, 40, 7, 3, 2, 2, 1, 1, 0, 1, 2), false, 4);
        // Widths that are whole 2-vector blocks take the direct kernel's row-wise path (written straight into y).
        checkAll(ConvGeometry.of(2, 3, 5, 32, 9, 3, 1, 1, 1), true, 5);
        checkAll(ConvGeometry.of(1, 17, 3, 64, 11, 3, 1, 1, 1), false, 6);
        checkAll(new ConvGeometry(1, 4, 6, 66, 5, 3, 3, 1, 1, 0, 0, 1, 1), true, 7);
        // 2×2 stride 2 with whole-vector output rows (PATCH_2X2): the three U-Net shapes at batch 1–2, then ragged
        // channel counts, odd input sizes, one row, partial position tiles, a depth beyond one block.
        int l = SimdPatchConv.L;
        checkAll(ConvGeometry.of(2, 64, 2 * l, 2 * l, 128, 2, 2, 0, 1), true, 8);
        checkAll(ConvGeometry.of(1, 32, 4 * l, 4 * l, 64, 2, 2, 0, 1), false, 9);
        checkAll(ConvGeometry.of(2, 16, 8 * l, 8 * l, 32, 2, 2, 0, 1), true, 10);
        checkAll(new ConvGeometry(3, 3, 5, 2 * l + 1, 7, 2, 2, 2, 2, 0, 0, 1, 1), true, 11);
        checkAll(new ConvGeometry(1, 1, 2, 4 * l, 1, 2, 2, 2, 2, 0, 0, 1, 1), false, 12);
        checkAll(new ConvGeometry(2, 37, 7, 6 * l, 11, 2, 2, 2, 2, 0, 0, 1, 1), true, 13);
        checkAll(new ConvGeometry(1, 9, 6, 2 * l, 150, 2, 2, 2, 2, 0, 0, 1, 1), false, 14);
        // Weight-gradient chunks: two images per chunk with one left over; a plane of a chunk and a ragged rest.
        checkAll(new ConvGeometry(3, 5, 1024 / (2 * l), 4 * l, 6, 2, 2, 2, 2, 0, 0, 1, 1), true, 15);
        checkAll(new ConvGeometry(2, 3, 2 * (1024 / (3 * l) + 2), 6 * l + 1, 5, 2, 2, 2, 2, 0, 0, 1, 1), true, 16);
    }

    @Test
    void chooserUsesFastPathsForUnetShapes() {
        org.junit.jupiter.api.Assertions.assertEquals(ConvAlgorithm.DIRECT,
                ConvAlgorithm.choose(ConvGeometry.of(4, 16, 128, 128, 16, 3, 1, 1, 1), Pass.FORWARD));
        org.junit.jupiter.api.Assertions.assertEquals(ConvAlgorithm.DIRECT,
                ConvAlgorithm.choose(ConvGeometry.of(4, 128, 16, 16, 128, 3, 1, 1, 1), Pass.BACKWARD_DATA));
        org.junit.jupiter.api.Assertions.assertEquals(ConvAlgorithm.GEMM_1X1,
                ConvAlgorithm.choose(ConvGeometry.of(4, 16, 128, 128, 2, 1, 1, 0, 1), Pass.BACKWARD_WEIGHT));
        for (Pass pass : Pass.values()) {
            org.junit.jupiter.api.Assertions.assertEquals(ConvAlgorithm.PATCH_2X2,
                    ConvAlgorithm.choose(ConvGeometry.of(4, 32, 128, 128, 64, 2, 2, 0, 1), pass));
            org.junit.jupiter.api.Assertions.assertEquals(ConvAlgorithm.PATCH_2X2,
                    ConvAlgorithm.choose(ConvGeometry.of(4, 64, 32, 32, 128, 2, 2, 0, 1), pass));
        }
        // Output rows that are not whole vectors stay on the column matrix.
        org.junit.jupiter.api.Assertions.assertEquals(ConvAlgorithm.IM2COL_GEMM,
                ConvAlgorithm.choose(ConvGeometry.of(4, 32, 20, 20, 64, 2, 2, 0, 1), Pass.BACKWARD_DATA));
    }
}
