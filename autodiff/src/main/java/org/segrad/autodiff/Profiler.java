package org.segrad.autodiff;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An op-level profiler for the tape: forward and backward wall time per op name (conv2d, batch_norm2d, relu, …),
 * summed over every call, on the thread that {@link #start() started} it. Off by default; when off, the only cost is
 * one read of a static boolean per recorded op and per backward node.
 *
 * <p>Forward time is measured between marks: every op ends in {@link Autograd#record} (also in a no-grad scope),
 * so the time of an op is the wall time since the previous op ended on this thread, or since {@link #mark()}.
 * Work done between ops that is not an op (a module's argument checks, copying a batch in) is therefore charged to
 * the next op; call {@link #mark()} after such work to leave it out. Backward time is the time of each node's
 * {@link GradFn} plus the summation of its input gradients in {@link Autograd#backward}.
 *
 * <pre>
 * try (Profiler.Session s = Profiler.start()) {
 *     Profiler.mark(); Tensor l = loss(model.forward(x)); l.backward();
 *     Map&lt;String, Profiler.Entry&gt; byOp = s.snapshot();
 * }
 * </pre>
 */
public final class Profiler {
    /** The cheap check every hook makes first. Only written by {@link #start()} and {@link Session#close()}. */
    static volatile boolean enabled;
    private static Thread owner;
    private static long last;
    private static final Map<String, Entry> TABLE = new LinkedHashMap<>();

    private Profiler() {}

    /** Totals of one op name: calls and nanoseconds, forward and backward. */
    public static final class Entry {
        private long forwardCalls, forwardNanos, backwardCalls, backwardNanos;

        public long forwardCalls() { return forwardCalls; }

        public long forwardNanos() { return forwardNanos; }

        public long backwardCalls() { return backwardCalls; }

        public long backwardNanos() { return backwardNanos; }

        Entry copy() {
            Entry e = new Entry();
            e.forwardCalls = forwardCalls;
            e.forwardNanos = forwardNanos;
            e.backwardCalls = backwardCalls;
            e.backwardNanos = backwardNanos;
            return e;
        }
    }

    /** A profiling session: close it to switch the profiler off again. */
    @FunctionalInterface
    public interface Session extends AutoCloseable {
        /** The totals so far, by op name, in the order the ops were first seen (a copy). */
        default Map<String, Entry> snapshot() {
            return Profiler.snapshot();
        }

        @Override
        void close();
    }

    /**
     * Clears the totals and starts profiling the ops of the calling thread (ops on other threads are ignored).
     * Only one session at a time: starting a second one while the first is open is an IllegalStateException.
     */
    public static synchronized Session start() {
        if (enabled) throw new IllegalStateException("Profiler.start: a session is already open on thread " + owner.getName());
        TABLE.clear();
        owner = Thread.currentThread();
        last = System.nanoTime();
        enabled = true;
        return () -> {
            synchronized (Profiler.class) {
                enabled = false;
                owner = null;
            }
        };
    }

    /** Whether a session is open. */
    public static boolean isEnabled() {
        return enabled;
    }

    /** Restarts the forward clock: time spent before this call is charged to no op. No-op when off. */
    public static void mark() {
        if (enabled && Thread.currentThread() == owner) last = System.nanoTime();
    }

    /** The totals so far, by op name (a copy). */
    public static synchronized Map<String, Entry> snapshot() {
        Map<String, Entry> out = new LinkedHashMap<>();
        TABLE.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    /** Called by {@link Autograd#record} when an op has computed its output. */
    static void forwardDone(String op) {
        if (Thread.currentThread() != owner) return;
        long now = System.nanoTime();
        Entry e = TABLE.computeIfAbsent(op, k -> new Entry());
        e.forwardCalls++;
        e.forwardNanos += now - last;
        last = now;
    }

    /** Called by {@link Autograd#backward} after a node's gradient function and the summation of its results. */
    static void backwardDone(String op, long startNanos) {
        if (Thread.currentThread() != owner) return;
        long now = System.nanoTime();
        Entry e = TABLE.computeIfAbsent(op, k -> new Entry());
        e.backwardCalls++;
        e.backwardNanos += now - startNanos;
        last = now;
    }
}
