package org.segrad.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reuses the output buffers of ops from one step to the next, so that a training loop allocates (and the garbage
 * collector copies) almost nothing per step. Java has no reference counts to free a tensor the moment it dies, so
 * the lifetime is made explicit with a scope, like DJL's {@code NDManager}:
 *
 * <pre>{@code
 * Workspace ws = new Workspace();              // one per training loop; holds the pooled arrays
 * for (...) {
 *     try (Workspace.Scope s = ws.open()) {
 *         optimizer.zeroGrad();
 *         Tensor loss = lossFn.apply(model.forward(x), y);
 *         loss.backward();
 *         optimizer.step();
 *         value = loss.item();                 // copy out what must outlive the step
 *     }
 * }
 * }</pre>
 *
 * <p>Inside a scope (on the thread that opened it) every op output of at least {@value #MIN_POOLED} elements (or the
 * size given to {@link #Workspace(int)}) is taken from the pool, zeroed, instead of newly allocated; a tensor made
 * with {@link Tensor#fromArray} over a lent array is a view of the same lease. Closing the scope returns them all,
 * and every tensor that still points at one becomes unusable: reading it throws an {@link IllegalStateException} instead of showing
 * another step's numbers. Gradients that reach a leaf ({@link Tensor#grad()}) and anything created with the public
 * factories ({@link Tensor#zeros}, {@link Tensor#copy()}, ...) are never pooled, so parameters, their gradients and
 * optimizer state outlive the scope. During {@link Tensor#backward()} an intermediate gradient is returned to the
 * pool as soon as the last op that needed it has run, so the pool holds about the forward activations plus a few
 * gradients, not everything the step ever allocated. Arrays of sizes the last scope did not use are dropped when
 * it closes, so the pool follows the shapes in use.
 *
 * <p>Tensors on a device ({@link Device}) are lent the same way from a pool of device arrays per backend and
 * length; {@link #clear()} releases the pooled device arrays (and the pool drops sizes a scope did not use), so a
 * training loop on a device creates and frees no device buffer per step after the first.
 *
 * <p>Results are bit-identical with and without a scope (pooled arrays are zeroed like fresh ones). Scopes do not
 * nest, and a workspace serves one thread at a time.
 */
public final class Workspace {
    /** Default of the smallest array pooled: smaller ones are cheap for the garbage collector. */
    public static final int MIN_POOLED = 1024;

    private static final ThreadLocal<Workspace> ACTIVE = new ThreadLocal<>();

    /** Arrays given back, by {@link #key}: float[] and double[] of one length are kept apart. */
    private final Map<Long, ArrayDeque<Object>> free = new HashMap<>();
    private final IdentityHashMap<Object, Lease> leased = new IdentityHashMap<>();
    /** Device arrays given back, by backend and length (released for good by {@link #clear()} or when unused). */
    private final Map<DeviceKey, ArrayDeque<DeviceArray>> deviceFree = new HashMap<>();
    private final Set<DeviceKey> usedDeviceSizes = new HashSet<>();
    private final int minPooled;
    private final Set<Long> usedSizes = new HashSet<>();
    private Thread owner;
    private long sequence;
    private long leasedBytes, peakLeasedBytes, pooledBytes, reusedArrays, newArrays;

    /** A workspace pooling op outputs of at least {@value #MIN_POOLED} elements. */
    public Workspace() {
        this(MIN_POOLED);
    }

    /** A workspace pooling op outputs of at least {@code minPooled} elements (1 pools all; tests use that). */
    public Workspace(int minPooled) {
        if (minPooled < 1) throw new IllegalArgumentException("minPooled must be >= 1, got " + minPooled);
        this.minPooled = minPooled;
    }

    /** Whether an op output of n elements comes from the pool. */
    boolean pools(int n) {
        return n >= minPooled;
    }

    /** One array lent to a tensor (and its views) until it is given back. */
    static final class Lease {
        final Object array;
        final long sequence;
        final long key;
        /** Non-null for a device array (then {@code key} is unused). */
        final DeviceKey deviceKey;
        boolean released;

        Lease(Object array, long sequence, long key) {
            this(array, sequence, key, null);
        }

        Lease(Object array, long sequence, long key, DeviceKey deviceKey) {
            this.array = array;
            this.sequence = sequence;
            this.key = key;
            this.deviceKey = deviceKey;
        }
    }

    /** The pool key of a device array: its backend and length. */
    record DeviceKey(Backend backend, int length) {}

    /**
     * A device array of length n on backend b (zeroed with {@code zeroed}, else as a kernel left it), lent until the scope closes or {@link #giveBack} is called.
     * Device arrays of every size are pooled (creating one is a driver call).
     */
    Lease leaseDevice(Backend b, int n, boolean zeroed) {
        DeviceKey key = new DeviceKey(b, n);
        usedDeviceSizes.add(key);
        ArrayDeque<DeviceArray> q = deviceFree.get(key);
        DeviceArray a = q == null ? null : q.poll();
        if (a == null) {
            a = b.allocate(n);
            newArrays++;
        } else {
            if (zeroed) b.fill(a, 0f);
            reusedArrays++;
        }
        Lease l = new Lease(a, sequence++, 0, key);
        leased.put(a, l);
        return l;
    }

    /** An open scope; closing it gives every array lent inside back to the workspace. */
    public final class Scope implements AutoCloseable {
        private boolean closed;

        private Scope() {}

        @Override
        public void close() {
            if (closed) return;
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("Workspace scope closed on thread " + Thread.currentThread().getName()
                        + " but opened on " + owner.getName());
            }
            closed = true;
            for (Lease l : new ArrayList<>(leased.values())) giveBack(l);
            trimUnused();
            owner = null;
            ACTIVE.remove();
        }
    }

    /** Opens a scope on this thread; use it with try-with-resources. */
    public Scope open() {
        if (ACTIVE.get() != null) throw new IllegalStateException("a Workspace scope is already open on this thread (scopes do not nest)");
        if (owner != null) throw new IllegalStateException("this Workspace is in use on thread " + owner.getName());
        owner = Thread.currentThread();
        usedSizes.clear();
        usedDeviceSizes.clear();
        ACTIVE.set(this);
        return new Scope();
    }

    /** The workspace whose scope is open on this thread, or null. */
    static Workspace active() {
        return ACTIVE.get();
    }

    /**
     * A float array (double array with {@code dbl}) of length n, lent until the scope closes or {@link #giveBack} is
     * called; zeroed, unless {@code zeroed} is false and the array is a reused one (then it holds an earlier op's values).
     */
    Lease lease(int n, boolean dbl, boolean zeroed) {
        long key = key(n, dbl), bytes = bytes(key);
        usedSizes.add(key);
        ArrayDeque<Object> q = free.get(key);
        Object a = q == null ? null : q.poll();
        if (a == null) {
            a = dbl ? new double[n] : new float[n];
            newArrays++;
        } else {
            if (zeroed && dbl) java.util.Arrays.fill((double[]) a, 0d);
            else if (zeroed) java.util.Arrays.fill((float[]) a, 0f);
            pooledBytes -= bytes;
            reusedArrays++;
        }
        Lease l = new Lease(a, sequence++, key);
        leased.put(a, l);
        leasedBytes += bytes;
        peakLeasedBytes = Math.max(peakLeasedBytes, leasedBytes);
        return l;
    }

    /** The lease of an array lent by this workspace and not yet given back, or null. */
    Lease leaseOf(Object array) {
        return array == null ? null : leased.get(array);
    }

    /** Sequence number the next lease will get (leases at or above a mark were lent after it). */
    long mark() {
        return sequence;
    }

    /** Returns a lent array to the pool; every tensor holding it becomes unusable. */
    void giveBack(Lease l) {
        if (l.released) return;
        l.released = true;
        leased.remove(l.array);
        if (l.deviceKey != null) {
            deviceFree.computeIfAbsent(l.deviceKey, k -> new ArrayDeque<>()).push((DeviceArray) l.array);
            return;
        }
        free.computeIfAbsent(l.key, k -> new ArrayDeque<>()).push(l.array);
        leasedBytes -= bytes(l.key);
        pooledBytes += bytes(l.key);
    }

    private void trimUnused() {
        deviceFree.entrySet().removeIf(e -> {
            boolean drop = !usedDeviceSizes.contains(e.getKey());
            if (drop) e.getValue().forEach(DeviceArray::release);
            return drop;
        });
        free.entrySet().removeIf(e -> {
            boolean drop = !usedSizes.contains(e.getKey());
            if (drop) pooledBytes -= bytes(e.getKey()) * e.getValue().size();
            return drop;
        });
    }

    /** The pool's key of an array: its length, negated (minus one) for double arrays. */
    private static long key(int n, boolean dbl) {
        return dbl ? -1L - n : n;
    }

    /** Bytes of one array of a key. */
    private static long bytes(long key) {
        return key >= 0 ? 4L * key : 8L * (-1L - key);
    }

    /** Drops every pooled array (the next scope allocates afresh); fails while a scope is open. */
    public void clear() {
        if (owner != null) throw new IllegalStateException("Workspace.clear() while a scope is open");
        free.clear();
        deviceFree.values().forEach(q -> q.forEach(DeviceArray::release));
        deviceFree.clear();
        pooledBytes = 0;
    }

    /** Bytes held in the pool for reuse (not lent). */
    public long pooledBytes() {
        return pooledBytes;
    }

    /** The most bytes lent at one time since this workspace was made. */
    public long peakLeasedBytes() {
        return peakLeasedBytes;
    }

    /** How many lendings reused a pooled array, and how many had to allocate one: {reused, allocated}. */
    public long[] lendings() {
        return new long[] {reusedArrays, newArrays};
    }
}
