package org.segrad.kernels;

/**
 * The project's own FMA-peak probe (SPEC §7): a Vector API loop of 16 independent FMA accumulators.
 * {@link #flopsPerIteration()} FLOPs (2 per lane per FMA) are done by each iteration of {@link #run(long)}.
 */
public final class FmaPeak {
    private FmaPeak() {}

    /** Runs the FMA loop for {@code iterations}; the result only defeats dead-code elimination. Modifies nothing. */
    public static float run(long iterations) {
        if (!SimdSupport.enabled()) {
            float v = 0f;
            for (long i = 0; i < iterations; i++) v = Math.fma(v, 0.999999f, 1e-7f);
            return v;
        }
        return SimdFmaPeak.run(iterations);
    }

    /** FLOPs per iteration of {@link #run(long)}: 16 accumulators × lanes × 2 (1 for the scalar fallback's single chain). */
    public static long flopsPerIteration() {
        return SimdSupport.enabled() ? 16L * SimdFmaPeak.lanes() * 2 : 2;
    }

    /** Measures the one-thread peak in GFLOP/s: warm-up, then the median of {@code reps} timed runs. */
    public static double measureGflops(int reps) {
        long iters = 20_000_000L;
        for (int i = 0; i < 3; i++) run(iters / 10);
        double[] g = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            float sink = run(iters);
            long dt = System.nanoTime() - t0;
            if (sink == 42.4242f) System.out.print("");
            g[r] = (double) iters * flopsPerIteration() / dt;
        }
        java.util.Arrays.sort(g);
        return g[reps / 2];
    }
}
