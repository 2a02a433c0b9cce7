package org.segrad.autodiff;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts, during one backward pass, how many pending gradients hold each array that a {@link Workspace} lent
 * <em>during that pass</em>, and gives an array back once none does. Arrays lent before the pass (forward
 * activations, which the graph or the caller may still hold) are never given back here; a leaf's gradient is a copy
 * ({@link Tensor#accumulateGrad}), so no array lent in the pass outlives it except through the pending gradients.
 * Without an open workspace every method does nothing.
 */
final class GradRefs {
    private static final GradRefs NONE = new GradRefs(null);

    private final Workspace ws;
    private final long mark;
    private final Map<Workspace.Lease, int[]> counts = new IdentityHashMap<>();
    private final List<Workspace.Lease> candidates = new ArrayList<>();

    private GradRefs(Workspace ws) {
        this.ws = ws;
        this.mark = ws == null ? Long.MAX_VALUE : ws.mark();
    }

    static GradRefs of(Workspace ws) {
        return ws == null ? NONE : new GradRefs(ws);
    }

    private Workspace.Lease tracked(Tensor t) {
        if (ws == null || t == null) return null;
        Workspace.Lease l = t.lease();
        return l != null && !l.released && l.sequence >= mark ? l : null;
    }

    /** t now also sits in the pending gradients. */
    void inc(Tensor t) {
        Workspace.Lease l = tracked(t);
        if (l != null) counts.computeIfAbsent(l, k -> new int[1])[0]++;
    }

    /** t left the pending gradients; it is given back at the next {@link #releaseUnreferenced} if nothing else holds it. */
    void drop(Tensor t) {
        Workspace.Lease l = tracked(t);
        if (l == null) return;
        int[] c = counts.get(l);
        if (c != null) c[0]--;
        candidates.add(l);
    }

    /** t was returned by an op but not kept (folded into a sum, or converted). */
    void candidate(Tensor t) {
        Workspace.Lease l = tracked(t);
        if (l != null) candidates.add(l);
    }

    /** Gives back every candidate that no pending gradient holds. Call only between ops, never inside one. */
    void releaseUnreferenced() {
        if (candidates.isEmpty()) return;
        for (Workspace.Lease l : candidates) {
            int[] c = counts.get(l);
            if (c != null && c[0] > 0) continue;
            counts.remove(l);
            ws.giveBack(l);
        }
        candidates.clear();
    }
}
