package org.segrad.kernels;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * A small deterministic parallel-for. {@code forRange(n, body)} cuts {@code [0, n)} into
 * {@code chunks(n) = min(threads, n)} contiguous pieces, piece {@code t} being
 * {@code [t·n/T, (t+1)·n/T)}: the partition depends only on {@code n} and the thread count, never on timing,
 * so a kernel that writes disjoint outputs per piece (or reduces per-piece partials in piece order) gives
 * bit-identical results run after run. Piece 0 runs on the calling thread; a call made from inside a piece runs
 * sequentially (no nested parallelism, no deadlock).
 *
 * <p>The thread count comes from {@code -Dsegrad.threads} (default 1) and can be changed with
 * {@link #setThreads(int)} (the CLI's {@code --threads}).
 */
public final class Parallel {
    /** Body of a parallel loop: handles indices {@code [from, to)} as piece number {@code chunk}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to, int chunk);
    }

    private static volatile int threads = parseThreads(System.getProperty("segrad.threads", "1"));
    private static ExecutorService pool;
    /** {@link KernelThresholds#PARALLEL_MIN_MACS}; tests lower it to 0 to exercise the split on small shapes. */
    static volatile long minWork = KernelThresholds.PARALLEL_MIN_MACS;
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private Parallel() {}

    private static int parseThreads(String s) {
        try {
            int t = Integer.parseInt(s.trim());
            if (t >= 1) return t;
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("-Dsegrad.threads must be an integer >= 1, got '" + s + "'");
    }

    /** Current thread count (≥ 1). */
    public static int threads() { return threads; }

    /** Sets the thread count used by every kernel from now on. @throws IllegalArgumentException if {@code n < 1} */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        threads = n;
    }

    /** Number of pieces {@link #forRange} will use for {@code n} items. */
    public static int chunks(int n) {
        if (n <= 0) return 0;
        return INSIDE.get() ? 1 : Math.min(threads, n);
    }

    /**
     * Pieces {@link #forRange(int, long, RangeBody)} will use: 1 when {@code work} (multiply-adds or a like count) is
     * below {@link KernelThresholds#PARALLEL_MIN_MACS}, where waking a second thread costs more than it saves.
     */
    public static int chunks(int n, long work) {
        return work < minWork ? Math.min(n, 1) : chunks(n);
    }

    /** {@link #forRange(int, RangeBody)}, sequential when {@code work} is small (see {@link #chunks(int, long)}). */
    public static void forRange(int n, long work, RangeBody body) {
        if (chunks(n, work) <= 1) {
            if (n > 0) body.run(0, n, 0);
            return;
        }
        forRange(n, body);
    }

    /** Runs {@code body} over {@code [0, n)} in {@link #chunks(int)} contiguous pieces; returns when all are done. */
    public static void forRange(int n, RangeBody body) {
        int t = chunks(n);
        if (t == 0) return;
        if (t == 1) {
            body.run(0, n, 0);
            return;
        }
        ExecutorService ex = pool();
        Future<?>[] futures = new Future<?>[t];
        for (int c = 1; c < t; c++) {
            final int chunk = c;
            final int from = (int) ((long) c * n / t), to = (int) ((long) (c + 1) * n / t);
            futures[c] = ex.submit(() -> {
                INSIDE.set(Boolean.TRUE);
                try {
                    body.run(from, to, chunk);
                } finally {
                    INSIDE.set(Boolean.FALSE);
                }
            });
        }
        INSIDE.set(Boolean.TRUE);
        try {
            body.run(0, (int) ((long) n / t), 0);
        } finally {
            INSIDE.set(Boolean.FALSE);
        }
        for (int c = 1; c < t; c++) {
            try {
                futures[c].get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a parallel kernel", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) throw r;
                if (cause instanceof Error err) throw err;
                throw new IllegalStateException(cause);
            }
        }
    }

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newCachedThreadPool(r -> {
                Thread th = new Thread(r, "segrad-kernel");
                th.setDaemon(true);
                return th;
            });
        }
        return pool;
    }
}
