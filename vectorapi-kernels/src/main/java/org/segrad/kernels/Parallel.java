package org.segrad.kernels;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

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
 *
 * <p>Pieces 1.. run on persistent worker threads that spin for {@link #SPIN_NANOS} after their last piece before
 * they park, and the caller spins while it waits for them, as OpenMP runtimes do (PyTorch's among them): a unet-small
 * train step makes ~150 parallel calls, and waking a parked thread (and then the caller) costs tens of microseconds on
 * a VM each time. One caller at a time uses the workers; a call made meanwhile from another thread (concurrent
 * inference) takes a cached thread pool instead. Either way the pieces are the same.
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
    /**
     * How long a worker (and a waiting caller) spins before it parks: {@code -Dsegrad.spinNanos} (default 50 µs; 0 parks
     * at once, like {@code OMP_WAIT_POLICY=passive}, for a machine shared with other busy processes).
     */
    static final long SPIN_NANOS = Math.max(0, Long.getLong("segrad.spinNanos", 50_000L));
    private static final ReentrantLock WORKERS_LOCK = new ReentrantLock();
    private static Worker[] workers = new Worker[0];

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
        if (WORKERS_LOCK.tryLock()) {
            try {
                runOnWorkers(n, t, body);
            } finally {
                WORKERS_LOCK.unlock();
            }
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

    /** One call's pieces 1..t−1: how many are still running, the first failure, and the caller to wake. */
    private static final class Region {
        final RangeBody body;
        final AtomicInteger remaining;
        final Thread caller = Thread.currentThread();
        volatile Throwable failure;

        Region(RangeBody body, int pieces) {
            this.body = body;
            remaining = new AtomicInteger(pieces);
        }
    }

    /** A piece handed to a worker. */
    private record Piece(Region region, int from, int to, int chunk) {}

    /** A daemon thread that runs the pieces handed to it, spinning {@link #SPIN_NANOS} for the next before it parks. */
    private static final class Worker extends Thread {
        volatile Piece piece;

        Worker(int id) {
            super("segrad-kernel-worker-" + id);
            setDaemon(true);
        }

        @Override
        public void run() {
            INSIDE.set(Boolean.TRUE);
            for (;;) {
                Piece p;
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while ((p = piece) == null) {
                    if (System.nanoTime() < spinUntil) Thread.onSpinWait();
                    else LockSupport.park(this);
                }
                piece = null;
                try {
                    p.region.body.run(p.from, p.to, p.chunk);
                } catch (Throwable e) {
                    p.region.failure = e;
                }
                if (p.region.remaining.decrementAndGet() == 0) LockSupport.unpark(p.region.caller);
            }
        }
    }

    /** {@link #forRange(int, RangeBody)} on the persistent workers (the caller holds {@link #WORKERS_LOCK}). */
    private static void runOnWorkers(int n, int t, RangeBody body) {
        if (workers.length < t - 1) {
            Worker[] w = java.util.Arrays.copyOf(workers, t - 1);
            for (int i = workers.length; i < w.length; i++) {
                w[i] = new Worker(i + 1);
                w[i].start();
            }
            workers = w;
        }
        Region region = new Region(body, t - 1);
        for (int c = 1; c < t; c++) {
            Worker w = workers[c - 1];
            w.piece = new Piece(region, (int) ((long) c * n / t), (int) ((long) (c + 1) * n / t), c);
            LockSupport.unpark(w);
        }
        Throwable mine = null;
        INSIDE.set(Boolean.TRUE);
        try {
            body.run(0, (int) ((long) n / t), 0);
        } catch (Throwable e) {
            mine = e;
        } finally {
            INSIDE.set(Boolean.FALSE);
        }
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        boolean interrupted = false;
        while (region.remaining.get() > 0) {
            if (System.nanoTime() < spinUntil) Thread.onSpinWait();
            else {
                LockSupport.parkNanos(region, 100_000);
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        Throwable failure = mine != null ? mine : region.failure;
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException(failure);
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
