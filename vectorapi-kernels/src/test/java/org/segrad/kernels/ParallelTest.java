package org.segrad.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.segrad.kernels.ConvAlgorithm.Pass;

/** The deterministic parallel-for, and kernels giving bit-identical results run after run and across thread counts. */
class ParallelTest {
    private final int oldThreads = Parallel.threads();
    private final long oldMin = Parallel.minWork;

    @AfterEach
    void restore() {
        Parallel.setThreads(oldThreads);
        Parallel.minWork = oldMin;
    }

    @Test
    void piecesAreContiguousFixedAndCoverTheRangeOnce() {
        Parallel.setThreads(3);
        for (int n : new int[] {1, 2, 3, 7, 100}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            ConcurrentHashMap<Integer, String> pieces = new ConcurrentHashMap<>();
            Parallel.forRange(n, (from, to, chunk) -> {
                pieces.put(chunk, from + ".." + to);
                for (int i = from; i < to; i++) hits.incrementAndGet(i);
            });
            for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i + " of " + n);
            assertEquals(Math.min(3, n), pieces.size());
            for (int c = 0; c < pieces.size(); c++) {
                long t = pieces.size();
                assertEquals((c * n / t) + ".." + ((c + 1) * n / t), pieces.get(c));
            }
        }
    }

    @Test
    void nestedCallsRunSequentially() {
        Parallel.setThreads(2);
        int[] inner = new int[2];
        Parallel.forRange(2, (from, to, chunk) -> inner[chunk] = Parallel.chunks(10));
        assertArrayEquals(new int[] {1, 1}, inner);
    }

    /** Callers on several threads at once (one gets the spinning workers, the others the pool) each get their pieces. */
    @Test
    void concurrentCallersEachGetEveryPieceOnce() throws Exception {
        Parallel.setThreads(3);
        int callers = 6, rounds = 300, n = 37;
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(callers);
        try {
            java.util.List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
            for (int k = 0; k < callers; k++) {
                fs.add(ex.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        AtomicIntegerArray hits = new AtomicIntegerArray(n);
                        Parallel.forRange(n, (from, to, chunk) -> {
                            for (int i = from; i < to; i++) hits.incrementAndGet(i);
                        });
                        for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i + " in round " + r);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : fs) f.get();
        } finally {
            ex.shutdownNow();
        }
    }

    /** A piece that throws on a worker reaches the caller, and the workers serve the next call. */
    @Test
    void aFailingPieceIsRethrownAndTheWorkersCarryOn() {
        Parallel.setThreads(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(2, (from, to, chunk) -> {
            if (chunk == 1) throw new IllegalStateException("piece 1 failed");
        }));
        assertEquals("piece 1 failed", e.getMessage());
        AtomicIntegerArray hits = new AtomicIntegerArray(10);
        Parallel.forRange(10, (from, to, chunk) -> {
            for (int i = from; i < to; i++) hits.incrementAndGet(i);
        });
        for (int i = 0; i < 10; i++) assertEquals(1, hits.get(i));
    }

    @Test
    void threadCountMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
    }

    @Test
    void gemmAndConvAreBitIdenticalAcrossRunsAndThreadCounts() {
        Random r = new Random(5);
        int m = 70, n = 900, k = 130;
        float[] a = Tolerance.random(r, m * k), b = Tolerance.random(r, k * n), c1 = new float[m * n], c2 = new float[m * n];
        Parallel.setThreads(1);
        GemmKernels.gemm(false, false, m, n, k, a, 0, b, 0, c1, 0, false);
        Parallel.setThreads(2);
        GemmKernels.gemm(false, false, m, n, k, a, 0, b, 0, c2, 0, false);
        assertArrayEquals(c1, c2, "GEMM: every element sees the same summation order whatever the split");

        Parallel.minWork = 0;
        for (ConvGeometry g : new ConvGeometry[] {ConvGeometry.of(3, 9, 17, 16, 11, 3, 1, 1, 1),
                ConvGeometry.of(3, 9, 2 * SimdPatchConv.L + 1, 4 * SimdPatchConv.L, 11, 2, 2, 0, 1),
                ConvGeometry.of(2, 7, 2 * SimdPatchConv.L, 2 * SimdPatchConv.L, 3 * SimdPatchConv.L + 1, 2, 2, 0, 1)}) {
            float[] x = Tolerance.random(r, g.inputSize()), w = Tolerance.random(r, g.weightSize()), dy = Tolerance.random(r, g.outputSize());
            for (Pass pass : Pass.values())
                for (ConvAlgorithm alg : new ConvAlgorithm[] {ConvAlgorithm.DIRECT, ConvAlgorithm.IM2COL_GEMM, ConvAlgorithm.PATCH_2X2}) {
                    if (!alg.supports(g, pass)) continue;
                    float[][] out = new float[3][];
                    int[] threads = {2, 2, 1};
                    for (int run = 0; run < 3; run++) {
                        Parallel.setThreads(threads[run]);
                        out[run] = switch (pass) {
                            case FORWARD -> { float[] y = new float[g.outputSize()]; SimdConv2d.forward(g, x, w, y, alg); yield y; }
                            case BACKWARD_DATA -> { float[] d = new float[g.inputSize()]; SimdConv2d.backwardData(g, dy, w, d, alg); yield d; }
                            case BACKWARD_WEIGHT -> { float[] d = new float[g.weightSize()]; SimdConv2d.backwardWeight(g, x, dy, d, alg); yield d; }
                        };
                    }
                    assertArrayEquals(out[0], out[1], alg + " " + pass + ": two runs on 2 threads differ");
                    // Only the im2col weight gradient sums per-thread partials, so only it may depend on the thread count.
                    if (!(alg == ConvAlgorithm.IM2COL_GEMM && pass == Pass.BACKWARD_WEIGHT)) {
                        assertArrayEquals(out[0], out[2], alg + " " + pass + ": 1 and 2 threads differ");
                    }
                }
        }
    }

    @Test
    void softmaxGivesTheSameBitsWhateverTheSplit() {
        Random r = new Random(5);
        int outer = 3, n = 4, inner = 37;
        float[] x = Tolerance.random(r, outer * n * inner);
        x[7] = Float.NaN;
        x[40] = Float.POSITIVE_INFINITY;
        double[] log1 = new double[x.length], p1 = new double[x.length], log3 = new double[x.length], p3 = new double[x.length];
        SoftmaxKernels.forward(x, outer, n, inner, log1, p1);
        Parallel.setThreads(4);
        Parallel.minWork = 0;   // 111 positions cut at 27, 55, 83: pieces that start and end inside an outer block
        SoftmaxKernels.forward(x, outer, n, inner, log3, p3);
        assertArrayEquals(log1, log3);
        assertArrayEquals(p1, p3);
        float[] pf = new float[x.length];
        SoftmaxKernels.forward(x, outer, n, inner, null, pf);
        for (int i = 0; i < pf.length; i++) assertEquals((float) p1[i], pf[i]);
    }
}
