package org.segrad.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.segrad.autodiff.Autograd;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Device;
import org.segrad.autodiff.Profiler;
import org.segrad.autodiff.Tensor;
import org.segrad.autodiff.Workspace;
import org.segrad.losses.Losses;
import org.segrad.losses.SegLoss;
import org.segrad.nn.UNet;
import org.segrad.nn.optim.Adam;

/**
 * The unet-small benchmark workload of SPEC §3 and §7: a U-Net, Adam (lr 1e-3), fused cross-entropy, batch-norm in
 * training mode, one fixed random batch (x ~ N(0, 1), labels 1 where U(0, 1) > 0.7, as the PyTorch peer draws them).
 *
 * <p>A train step is exactly the peer's: zero_grad (set to none), forward, loss, backward, optimizer step, inside a
 * {@link Workspace} scope (op buffers reused from step to step, as PyTorch's caching allocator does). Inference is
 * a forward pass in eval mode inside a no-grad scope. FLOPs follow SPEC §7: 2 per multiply-add of the convolutions
 * only ({@link #forwardFlops}); a train step counts 3 forwards.
 */
public final class UnetBench {
    private final int batch, size;
    private final UNet model;
    private final Adam adam;
    private final SegLoss loss = Losses.create("ce", Map.of());
    private final Tensor x, y;
    private final Workspace workspace = new Workspace();

    public UnetBench(int batch, int size, int base, int depth) {
        this(batch, size, base, depth, Device.CPU);
    }

    /**
     * The workload on {@code device}: the model and the fixed batch are moved there once (the batch stays resident,
     * as the CPU's stays in memory), so a timed step moves only the loss value back.
     */
    public UnetBench(int batch, int size, int base, int depth, Device device) {
        this.batch = batch;
        this.size = size;
        model = new UNet(1, 2, base, depth, 0L);
        model.to(device);
        adam = new Adam(model.parameters(), 1e-3);
        SplittableRandom r = new SplittableRandom(0);
        float[] xs = new float[batch * size * size];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) gaussian(r);
        float[] ys = new float[batch * size * size];
        for (int i = 0; i < ys.length; i++) ys[i] = r.nextDouble() > 0.7 ? 1 : 0;
        x = Tensor.fromArray(xs, batch, 1, size, size).to(device);
        y = Tensor.fromArray(ys, batch, size, size).to(device);
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** One training step; returns the loss value. */
    public double trainStep() {
        model.train();
        try (Workspace.Scope ignored = workspace.open()) {
            adam.zeroGrad();
            Tensor l = loss.fused(model.forward(x), y);
            l.backward();
            adam.step();
            return l.item();
        }
    }

    /** One inference pass (eval mode, no grad); returns the first logit so that nothing is optimised away. */
    public double inference() {
        model.eval();
        try (Workspace.Scope scope = workspace.open(); Autograd.NoGrad ignored = Autograd.noGrad()) {
            Tensor logits = model.forward(x);
            // On a device, one value comes back (a sum there), which also waits for the queue to finish.
            return logits.device().isCpu() ? logits.get(0) : logits.sum().item();
        } finally {
            model.train();
        }
    }

    /** The device the workload runs on. */
    public Device device() {
        return model.device();
    }

    public long parameterCount() {
        return model.parameterCount();
    }

    DType dtype() {
        return x.dtype();
    }

    /**
     * Wall seconds of each of {@code steps} calls after {@code warmup} untimed ones; when {@code gcAlloc} is not
     * null, {@code gcAlloc[0]} receives the garbage collectors' total collection time (ms) during the timed calls and
     * {@code gcAlloc[1]} the bytes this thread allocated per call (−1 where the JVM does not count them).
     */
    public static double[] time(Runnable body, int warmup, int steps, double[] gcAlloc) {
        for (int i = 0; i < warmup; i++) body.run();
        double[] t = new double[steps];
        long gc0 = gcMillis(), a0 = allocatedBytes();
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            body.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        if (gcAlloc != null) {
            gcAlloc[0] = gcMillis() - gc0;
            gcAlloc[1] = a0 < 0 ? -1 : (allocatedBytes() - a0) / (double) steps;
        }
        return t;
    }

    /** Bytes allocated so far by this thread (HotSpot's count), or −1. */
    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return mx instanceof com.sun.management.ThreadMXBean ? ((com.sun.management.ThreadMXBean) mx).getCurrentThreadAllocatedBytes() : -1;
    }

    /** Bytes the workspace keeps for reuse between steps. */
    public long workspacePooledBytes() {
        return workspace.pooledBytes();
    }

    /** Σ of every garbage collector's accumulated collection time, ms (the JVM's own account). */
    private static long gcMillis() {
        long s = 0;
        for (java.lang.management.GarbageCollectorMXBean b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            s += Math.max(0, b.getCollectionTime());
        }
        return s;
    }

    /** The median (the upper one for an even count, as the peer script takes it). */
    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Op-level profile of {@code steps} train steps and inference passes, in ms per step, by op name. */
    public List<OpTime> profile(int steps) {
        List<OpTime> out = new ArrayList<>();
        Map<String, Profiler.Entry> train, infer;
        long optimizerNanos = 0;
        try (Profiler.Session s = Profiler.start()) {
            for (int i = 0; i < steps; i++) {
                model.train();
                try (Workspace.Scope ignored = workspace.open()) {
                    adam.zeroGrad();
                    Profiler.mark();
                    Tensor l = loss.fused(model.forward(x), y);
                    l.backward();
                    long t0 = System.nanoTime();
                    adam.step();
                    optimizerNanos += System.nanoTime() - t0;
                }
            }
            train = s.snapshot();
        }
        try (Profiler.Session s = Profiler.start()) {
            for (int i = 0; i < steps; i++) {
                Profiler.mark();
                inference();
            }
            infer = s.snapshot();
        }
        for (Map.Entry<String, Profiler.Entry> e : train.entrySet()) {
            Profiler.Entry t = e.getValue(), inf = infer.get(e.getKey());
            out.add(new OpTime(e.getKey(), t.forwardCalls() / steps, t.forwardNanos() / 1e6 / steps,
                    t.backwardNanos() / 1e6 / steps, inf == null ? 0 : inf.forwardNanos() / 1e6 / steps));
        }
        out.add(new OpTime("optimizer:adam", 1, 0, optimizerNanos / 1e6 / steps, 0));
        out.sort((a, b) -> Double.compare(b.forwardMs + b.backwardMs, a.forwardMs + a.backwardMs));
        return out;
    }

    /** One row of the per-op breakdown: calls per step and ms per step (the optimizer's step is counted as backward). */
    public record OpTime(String op, long callsPerStep, double forwardMs, double backwardMs, double inferenceMs) {}

    /**
     * FLOPs (2 per multiply-add, convolutions only) of one image's forward pass: the formula of the PyTorch peer's
     * {@code forward_flops}, SPEC §3 (≈ 1.15 GFLOP for base 16, depth 4, 128×128).
     */
    public static long forwardFlops(int base, int depth, int size) {
        int[] w = UNet.widths(base, depth);
        long f = 0;
        for (int l = 0; l < depth; l++) {
            long px = (long) (size >> l) * (size >> l);
            int c0 = l == 0 ? 1 : w[l - 1];
            f += px * w[l] * c0 * 9 * 2 + px * w[l] * w[l] * 9 * 2;
        }
        for (int l = depth - 1; l > 0; l--) {
            long pxIn = (long) (size >> l) * (size >> l), pxOut = (long) (size >> (l - 1)) * (size >> (l - 1));
            f += pxIn * w[l] * w[l - 1] * 4 * 2;
            f += pxOut * w[l - 1] * w[l] * 9 * 2 + pxOut * w[l - 1] * w[l - 1] * 9 * 2;
        }
        f += (long) size * size * w[0] * 2 * 2;
        return f;
    }

    public int batch() {
        return batch;
    }

    public int size() {
        return size;
    }
}
