package org.segrad.data;

/**
 * A small seeded random generator (SplitMix64) whose output is fixed by this file alone, so that the data layer
 * produces bit-identical samples on every JDK (java.util's generators may change their derived methods between
 * releases). Not thread-safe; derive one per task with {@link #mix(long...)}.
 *
 * <p>Seeds for per-sample work (augmentation, crops) are best derived as {@code Rng.mix(seed, epoch, index)}: the
 * result depends only on its arguments, so a resumed run reproduces the same augmentation without saved state.
 */
public final class Rng {
    private long state;

    /** A generator whose sequence is fixed by {@code seed}. */
    public Rng(long seed) {
        this.state = seed;
    }

    /** The SplitMix64 finaliser: a well-mixed 64-bit function of {@code z}. */
    static long scramble(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A seed that depends on every part, in order: {@code mix(a, b) != mix(b, a)} in general. */
    public static long mix(long... parts) {
        long h = 0x243f6a8885a308d3L;
        for (long p : parts) {
            h = scramble(h + 0x9e3779b97f4a7c15L + p);
        }
        return h;
    }

    /** The next 64 uniformly distributed bits. */
    public long nextLong() {
        state += 0x9e3779b97f4a7c15L;
        return scramble(state);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Uniform in 0..bound−1; {@code bound} ≥ 1. The modulo bias is below 2^−31 for the bounds used here. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound = " + bound + " but must be >= 1");
        }
        return (int) ((nextLong() >>> 1) % bound);
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Standard normal (Box–Muller, one value per call). */
    public double gaussian() {
        double u1 = 1.0 - nextDouble(); // in (0, 1], so the log is finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** A seeded permutation of 0..n−1 (Fisher–Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
