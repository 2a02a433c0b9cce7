package org.segrad.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tape: records operations while gradient mode is on, and runs reverse-mode differentiation.
 *
 * <p>{@link #backward} sorts the graph below the output topologically and walks it in reverse, calling each
 * node's {@link GradFn} once with the sum of every gradient that reached it (so a tensor used twice gets both
 * contributions). Leaf tensors that require grad accumulate into {@code grad()} across calls, as in PyTorch.
 */
public final class Autograd {
    private static final ThreadLocal<int[]> DISABLED = ThreadLocal.withInitial(() -> new int[1]);

    private Autograd() {}

    /** Whether ops record onto the tape on this thread. */
    public static boolean isGradEnabled() {
        return DISABLED.get()[0] == 0;
    }

    /**
     * A scope in which no op records anything (like {@code torch.no_grad()}): use with try-with-resources.
     * Scopes nest.
     */
    public static NoGrad noGrad() {
        DISABLED.get()[0]++;
        return () -> DISABLED.get()[0]--;
    }

    /** A try-with-resources scope; closing it restores the previous gradient mode. */
    @FunctionalInterface
    public interface NoGrad extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Records {@code output} as the result of {@code op} on {@code inputs} when gradient mode is on and some input
     * requires grad; returns {@code output}. This is also the public hook for a custom differentiable function
     * (a fused loss with an analytic gradient), like {@code torch.autograd.Function}.
     */
    public static Tensor record(String op, Tensor output, GradFn gradFn, Tensor... inputs) {
        if (Profiler.enabled) Profiler.forwardDone(op);
        if (!isGradEnabled()) return output;
        boolean any = false;
        for (Tensor t : inputs) any |= t != null && t.requiresGrad();
        if (!any) return output;
        output.attach(new Node(op, inputs.clone(), gradFn));
        return output;
    }

    static Tensor record(Primitive op, Tensor output, GradFn gradFn, Tensor... inputs) {
        return record(op.opName(), output, gradFn, inputs);
    }

    static void backward(Tensor root, Tensor seed, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor does not require grad and has no grad_fn");
        }
        if (seed == null) {
            if (root.numel() != 1) {
                throw new IllegalArgumentException("backward: a seed gradient is required for a non-scalar output of shape "
                        + Shape.str(root.shape()));
            }
            seed = Tensor.full(root.device(), root.dtype(), 1.0, root.shape());
        } else if (!java.util.Arrays.equals(seed.shape(), root.shape())) {
            throw new IllegalArgumentException("backward: seed shape " + Shape.str(seed.shape()) + " does not match output shape "
                    + Shape.str(root.shape()));
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        // Sums made here that nobody else has seen yet: only these are accumulated into in place. A tensor returned
        // by a GradFn (it may be the output gradient itself, a saved tensor, or shared between inputs) or the seed
        // is never written; it leaves this set as soon as it is handed to a GradFn or to a tensor's grad.
        Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        GradRefs refs = GradRefs.of(Workspace.active());
        grads.put(root, seed.dtype() == root.dtype() ? seed : seed.to(root.dtype()).detach());
        refs.inc(grads.get(root));
        try (NoGrad ignored = noGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.remove(t);
                if (g == null) continue;
                Node node = t.node();
                boolean mine = owned.remove(g);
                if (node == null) {
                    t.accumulateGrad(g, mine); // copies a gradient lent by a workspace
                    refs.drop(g);
                    refs.releaseUnreferenced();
                    continue;
                }
                if (t.retainsGrad()) t.accumulateGrad(g, false);
                if (node.freed()) {
                    throw new IllegalStateException("backward: trying to backward through the graph a second time (its saved "
                            + "values were freed after the first backward; pass retainGraph=true the first time) at op '" + node.op + "'");
                }
                boolean profiled = Profiler.enabled;
                long t0 = profiled ? System.nanoTime() : 0;
                Tensor[] inGrads = node.gradFn.apply(g);
                Tensor[] inputs = node.inputs;
                if (inGrads.length != inputs.length) {
                    throw new IllegalStateException("op '" + node.op + "' returned " + inGrads.length + " gradients for "
                            + inputs.length + " inputs");
                }
                for (int k = 0; k < inputs.length; k++) {
                    Tensor in = inputs[k];
                    Tensor gi = inGrads[k];
                    if (in == null || gi == null || !in.requiresGrad()) continue;
                    if (!java.util.Arrays.equals(gi.shape(), in.shape())) {
                        throw new IllegalStateException("op '" + node.op + "' returned a gradient of shape " + Shape.str(gi.shape())
                                + " for input " + k + " of shape " + Shape.str(in.shape()));
                    }
                    if (gi.dtype() != in.dtype()) {
                        refs.candidate(gi);
                        gi = gi.to(in.dtype());
                    }
                    Tensor prev = grads.get(in);
                    if (prev == null) {
                        grads.put(in, gi);
                        refs.inc(gi);
                    } else if (owned.contains(prev)) {
                        addInPlace(prev, gi);
                        refs.candidate(gi);
                    } else {
                        Tensor sum = Elementwise.binary(org.segrad.kernels.ArrayKernels.ADD, prev, gi, Double::sum);
                        grads.put(in, sum);
                        owned.add(sum);
                        refs.inc(sum);
                        refs.drop(prev);
                        refs.candidate(gi);
                    }
                }
                // g and what the op returned without keeping are dead unless another pending gradient shares them.
                refs.drop(g);
                refs.releaseUnreferenced();
                if (!retainGraph) node.free();
                if (profiled) Profiler.backwardDone(node.op, t0);
            }
        }
    }

    /** acc += g, both of one shape and dtype (the caller converted g). */
    private static void addInPlace(Tensor acc, Tensor g) {
        Backend b = acc.backend();
        if (b != null) {
            Device.common("gradient accumulation", acc, g);
            b.add(acc.deviceArray(), g.deviceArray(), acc.deviceArray());
        } else {
            acc.dtype().kernels().addInto(acc.data(), g.data());
        }
    }

    /** Iterative depth-first post-order (deep U-Nets would overflow a recursive one). */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Node node = t.node();
            Tensor[] inputs = node == null || node.inputs == null ? new Tensor[0] : node.inputs;
            if (next < inputs.length) {
                frame[1] = next + 1;
                Tensor in = inputs[next];
                if (in != null && in.requiresGrad() && !visited.containsKey(in)) {
                    visited.put(in, Boolean.TRUE);
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
