package org.segrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Laws of {@link Workspace}: results are bit-identical with and without one (also when reused arrays hold another
 * step's numbers), leaf gradients outlive the scope, tensors lent by a closed scope refuse to be read, steady steps
 * allocate no new arrays, and backward gives intermediate gradients back before it ends.
 */
class WorkspaceProperties {

    /** Output values, then each input's gradient, of sum(w ⊙ op(inputs)) for one registry draw. */
    private static List<double[]> run(Primitive op, long seed, Workspace ws) {
        OpCase.Sample s = OpRegistry.get(op).sampler().draw(new SplittableRandom(seed));
        List<double[]> out = new ArrayList<>();
        Tensor y;
        Workspace.Scope scope = ws == null ? null : ws.open();
        try {
            y = s.fn().apply(s.inputs());
            Tensor w = Tensor.uniform(y.dtype(), seed, -1, 1, y.shape());
            y.mul(w).sum().backward();
            out.add(y.toDoubleArray());
        } finally {
            if (scope != null) scope.close();
        }
        // read after the scope closed: leaf gradients are never lent
        for (Tensor in : s.inputs()) if (in.requiresGrad()) out.add(in.grad().toDoubleArray());
        if (ws != null && y.lease() != null) assertThrows(IllegalStateException.class, () -> y.get(0));
        return out;
    }

    @Property(tries = 400)
    void everyOpGivesBitIdenticalResultsInAWorkspace(@ForAll Primitive op, @ForAll long seed) {
        List<double[]> plain = run(op, seed, null);
        Workspace ws = new Workspace(1); // pool every array, however small
        List<double[]> first = run(op, seed, ws);
        List<double[]> reused = run(op, seed ^ 0x9E3779B97F4A7C15L, ws); // dirties the pool with other numbers
        reused = run(op, seed, ws);
        assertEquals(plain.size(), first.size());
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(plain.get(i), first.get(i), 0.0, op + " array " + i);
            assertArrayEquals(plain.get(i), reused.get(i), 0.0, op + " array " + i + " (reused pool)");
        }
        assertTrue(ws.lendings()[0] > 0, "nothing was reused for " + op);
    }

    /** x → exp → ×2 → … (k ops on 4096 values): forward saves k arrays, backward needs only a few more at once. */
    private static Tensor chain(Tensor x, int k) {
        Tensor h = x;
        for (int i = 0; i < k; i++) h = i % 2 == 0 ? h.tanh() : h.mul(h);
        return h.sum();
    }

    @Example
    void backwardGivesIntermediateGradientsBack() {
        int n = 4096, k = 20;
        Tensor x = Tensor.uniform(DType.FLOAT32, 1, -1, 1, n).requiresGrad(true);
        Workspace ws = new Workspace();
        try (Workspace.Scope ignored = ws.open()) {
            chain(x, k).backward();
        }
        long bytes = 4L * n;
        // k saved activations + the seed's broadcast + at most two gradients alive at once (+1 for slack)
        assertTrue(ws.peakLeasedBytes() <= (k + 4) * bytes, "peak " + ws.peakLeasedBytes() / bytes + " arrays for " + k + " ops");
        assertTrue(ws.peakLeasedBytes() >= k * bytes, "the activations were not pooled");
    }

    @Example
    void steadyStepsAllocateNoNewArrays() {
        Tensor x = Tensor.uniform(DType.FLOAT32, 1, -1, 1, 4096).requiresGrad(true);
        Workspace ws = new Workspace();
        long[] after = null;
        for (int step = 0; step < 4; step++) {
            x.zeroGrad();
            try (Workspace.Scope ignored = ws.open()) {
                chain(x, 10).backward();
            }
            if (step == 0) after = ws.lendings();
        }
        assertEquals(after[1], ws.lendings()[1], "new arrays after the first step");
        assertTrue(ws.lendings()[0] > 0);
        assertNotNull(x.grad());
    }

    @Example
    void aReleasedTensorRefusesToBeReadAndSaysWhy() {
        Workspace ws = new Workspace();
        Tensor y;
        Tensor view;
        try (Workspace.Scope ignored = ws.open()) {
            y = Tensor.uniform(DType.FLOAT32, 2, -1, 1, 64, 64).exp();
            view = Tensor.fromArray(y.floatData(), 4096); // wrapping a lent array makes a view of the lease
            assertEquals(Math.exp(Tensor.uniform(DType.FLOAT32, 2, -1, 1, 64, 64).get(5)), y.get(5), 1e-6);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, y::floatData);
        assertTrue(e.getMessage().contains("Workspace scope closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> view.get(0));
        assertThrows(IllegalStateException.class, y::copy);
        assertTrue(y.toString().contains("given back"), y.toString());
        assertEquals(4096, y.numel()); // metadata stays readable
    }

    @Example
    void publicFactoriesAndCopiesAreNeverLent() {
        Workspace ws = new Workspace(1);
        Tensor z, c;
        try (Workspace.Scope ignored = ws.open()) {
            z = Tensor.zeros(DType.FLOAT32, 8);
            c = z.add(1.0).copy();
        }
        assertNull(z.lease());
        assertEquals(1.0, c.get(7));
    }

    @Example
    void scopesDoNotNestAndBelongToOneThread() throws Exception {
        Workspace a = new Workspace(), b = new Workspace();
        try (Workspace.Scope ignored = a.open()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, b::open);
            assertTrue(e.getMessage().contains("do not nest"), e.getMessage());
            AtomicReference<Throwable> other = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    a.open();
                } catch (Throwable x) {
                    other.set(x);
                }
            });
            t.start();
            t.join();
            assertTrue(other.get() instanceof IllegalStateException, String.valueOf(other.get()));
            assertThrows(IllegalStateException.class, a::clear);
        }
        try (Workspace.Scope ignored = b.open()) {
            assertEquals(b, Workspace.active());
        }
        assertNull(Workspace.active());
    }

    @Example
    void sizesTheLastScopeDidNotUseAreDropped() {
        Workspace ws = new Workspace();
        try (Workspace.Scope ignored = ws.open()) {
            Tensor.uniform(DType.FLOAT32, 1, 0, 1, 5000).exp();
        }
        assertEquals(4L * 5000, ws.pooledBytes());
        try (Workspace.Scope ignored = ws.open()) {
            Tensor.uniform(DType.FLOAT32, 1, 0, 1, 3000).exp();
        }
        assertEquals(4L * 3000, ws.pooledBytes());
        ws.clear();
        assertEquals(0, ws.pooledBytes());
    }

    @Example
    void retainedAndLeafGradientsSurviveTheScope() {
        Tensor x = Tensor.uniform(DType.FLOAT64, 3, -1, 1, 2048).requiresGrad(true);
        Tensor h;
        try (Workspace.Scope ignored = new Workspace().open()) {
            h = x.tanh().retainGrad();
            h.mul(h).sum().backward();
        }
        for (int i = 0; i < 2048; i += 97) {
            double t = Math.tanh(x.get(i));
            assertEquals(2 * t, h.grad().get(i), 1e-12);
            assertEquals(2 * t * (1 - t * t), x.grad().get(i), 1e-12);
        }
    }
}
