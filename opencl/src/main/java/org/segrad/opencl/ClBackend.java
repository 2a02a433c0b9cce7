package org.segrad.opencl;

import static org.segrad.opencl.KernelSource.LOCAL_64;
import static org.segrad.opencl.KernelSource.SEGRAD;
import static org.segrad.opencl.KernelSource.items;

import java.lang.ref.Cleaner;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.segrad.autodiff.Backend;
import org.segrad.autodiff.DeviceArray;
import org.segrad.kernels.ConvGeometry;

/**
 * The OpenCL device backend of autodiff: {@link Backend}'s kernel table over one {@link ClContext} (kernels of
 * {@code segrad.cl} through {@link ClLinear}, {@link ClPointwise}, {@link ClNormalization}, {@link ClAdam}). Every
 * call enqueues on the context's in-order queue and returns; only {@link #download} waits. Host↔device transfers
 * are counted ({@link #transfers()}): uploads, downloads and each distinct convolution geometry (uploaded once per
 * context as a kernel constant). Scratch buffers (the sum's partials, the loss's per-pixel values, ones and zeros for
 * an affine-free batch norm) are kept per size and reused, so a training step creates no buffer after the first.
 * Its methods are synchronized: threads that share the device (inference on a thread pool) take turns on its queue.
 */
public final class ClBackend implements Backend {
    private static final Cleaner CLEANER = Cleaner.create();

    private final ClContext ctx;
    private final ConcurrentLinkedQueue<ClArray.State> orphans = new ConcurrentLinkedQueue<>();
    private final Map<String, ClBuffer> scratch = new HashMap<>();
    private long uploads, downloads, made, releasedExplicitly;
    private int live;

    ClBackend(ClContext ctx) {
        this.ctx = ctx;
    }

    /** The context (for tests and reports). */
    public ClContext context() { return ctx; }

    @Override
    public String name() { return "opencl:" + ctx.device().index(); }

    @Override
    public String description() { return ctx.device().describe(); }

    // ------------------------------------------------------------ memory and transfers

    @Override
    public synchronized DeviceArray allocate(int length) {
        ClArray a = wrap(ctx.allocate(length));
        fill(a, 0f);
        return a;
    }

    private ClArray wrap(ClBuffer b) {
        freeOrphans();
        live++;
        made++;
        return new ClArray(this, b, CLEANER);
    }

    @Override
    public synchronized void fill(DeviceArray y, float value) {
        ClPointwise.fill(ctx, y.length(), buf(y), value);
    }

    @Override
    public synchronized void write(float[] src, DeviceArray dst) {
        buf(dst).write(src);
        uploads++;
    }

    @Override
    public synchronized void download(DeviceArray src, float[] dst) {
        buf(src).read(dst);
        downloads++;
    }

    @Override
    public synchronized long transfers() { return uploads + downloads + ctx.constantUploads(); }

    /** Uploads so far. */
    public synchronized long uploads() { return uploads; }

    /** Downloads so far. */
    public synchronized long downloads() { return downloads; }

    @Override
    public synchronized int liveArrays() {
        freeOrphans();
        return live;
    }

    /**
     * Arrays made and not released explicitly (by a workspace's {@code clear()}, {@code zeroGrad()}, a move, or
     * {@link DeviceArray#release()}): what a loop leaks even if the garbage collector would free it later.
     */
    public synchronized long arraysNotReleased() {
        return made - releasedExplicitly;
    }

    /** Called by {@link ClArray#release()} on the owner thread. */
    synchronized void freed(ClBuffer b) {
        b.close();
        live--;
        releasedExplicitly++;
    }

    /** Called by the cleaner thread for an array nobody released: freed at the next allocation. */
    void orphaned(ClArray.State s) {
        orphans.add(s);
    }

    private void freeOrphans() {
        ClArray.State s;
        while ((s = orphans.poll()) != null) {
            if (s.released) continue;
            s.released = true;
            s.buffer.close();
            live--;
        }
    }

    private static ClBuffer buf(DeviceArray a) {
        if (!(a instanceof ClArray c)) {
            throw new IllegalArgumentException("not an OpenCL device array: " + (a == null ? "null" : a.getClass().getName()));
        }
        return c.buffer();
    }

    private static ClBuffer bufOrNull(DeviceArray a) {
        return a == null ? null : buf(a);
    }

    /** A reusable buffer of at least {@code length} elements for {@code what} (in-order queue: reuse is safe). */
    private ClBuffer scratch(String what, int length) {
        String key = what + ":" + length;
        ClBuffer b = scratch.get(key);
        if (b == null || b.isClosed()) {
            b = ctx.allocate(Math.max(length, 1));
            scratch.put(key, b);
            if (what.equals("ones")) ClPointwise.fill(ctx, length, b, 1f);
            else ClPointwise.fill(ctx, length, b, 0f);
        }
        return b;
    }

    // ------------------------------------------------------------ elementwise and reductions

    @Override
    public synchronized void copy(DeviceArray src, DeviceArray dst) {
        int len = src.length();
        KernelSource.need("copy", "dst", ctx, buf(dst), len);
        ctx.launch(SEGRAD, "copy", items(len), LOCAL_64, len, buf(src), buf(dst));
    }

    @Override
    public synchronized void add(DeviceArray a, DeviceArray b, DeviceArray y) {
        ClPointwise.add(ctx, y.length(), buf(a), buf(b), buf(y));
    }

    @Override
    public synchronized void mul(DeviceArray a, DeviceArray b, DeviceArray y) {
        ClPointwise.mul(ctx, y.length(), buf(a), buf(b), buf(y));
    }

    @Override
    public synchronized void scaleBy(DeviceArray x, DeviceArray s, DeviceArray y) {
        int len = y.length();
        KernelSource.need("scale", "x", ctx, buf(x), len);
        ctx.launch(SEGRAD, "scale_by", items(len), LOCAL_64, len, buf(x), buf(s), buf(y));
    }

    @Override
    public synchronized void broadcastScalar(DeviceArray s, DeviceArray y) {
        ctx.launch(SEGRAD, "broadcast_scalar", items(y.length()), LOCAL_64, y.length(), buf(s), buf(y));
    }

    @Override
    public synchronized void sum(DeviceArray x, DeviceArray out) {
        sumInto(x.length(), buf(x), buf(out));
    }

    /** out[0] = Σ x[0..len): per-group partial sums, then one group over them (as {@link ClPointwise#sum}, no wait). */
    private void sumInto(int len, ClBuffer x, ClBuffer out) {
        int wg = KernelSource.REDUCE_GROUP;
        int groups = (int) Math.max(1, Math.min(wg, ((long) len + wg - 1) / wg));
        ClBuffer partial = scratch("partial", wg);
        ctx.launch(SEGRAD, "sum_partial", items((long) groups * wg), LOCAL_64, len, x, partial);
        ctx.launch(SEGRAD, "sum_partial", items(wg), LOCAL_64, groups, partial, out);
    }

    @Override
    public synchronized void relu(DeviceArray x, DeviceArray y) {
        ClPointwise.relu(ctx, y.length(), buf(x), buf(y));
    }

    @Override
    public synchronized void reluBackward(DeviceArray x, DeviceArray dy, DeviceArray dx) {
        ClPointwise.reluBackward(ctx, dx.length(), buf(x), buf(dy), buf(dx));
    }

    // ------------------------------------------------------------ convolutions

    @Override
    public synchronized void convForward(ConvGeometry g, DeviceArray x, DeviceArray w, DeviceArray y) {
        ClLinear.conv2dForward(ctx, g, buf(x), buf(w), buf(y));
    }

    @Override
    public synchronized void convBackwardData(ConvGeometry g, DeviceArray dy, DeviceArray w, DeviceArray dx) {
        ClLinear.conv2dBackwardData(ctx, g, buf(dy), buf(w), buf(dx));
    }

    @Override
    public synchronized void convBackwardWeight(ConvGeometry g, DeviceArray x, DeviceArray dy, DeviceArray dw) {
        ClLinear.conv2dBackwardWeight(ctx, g, buf(x), buf(dy), buf(dw));
    }

    @Override
    public synchronized void addChannelBias(DeviceArray y, DeviceArray bias, int n, int c, int hw) {
        ClLinear.biasAdd(ctx, n, c, hw, buf(y), buf(bias));
    }

    @Override
    public synchronized void channelSum(DeviceArray g, DeviceArray out, int n, int c, int hw) {
        KernelSource.need("channel sum", "g", ctx, buf(g), (long) n * c * hw);
        KernelSource.need("channel sum", "out", ctx, buf(out), c);
        ctx.launch(SEGRAD, "channel_sum", items((long) c * KernelSource.REDUCE_GROUP), LOCAL_64, n, c, hw, buf(g), buf(out));
    }

    // ------------------------------------------------------------ batch norm

    private ClBuffer gammaOr(DeviceArray gamma, int c) {
        return gamma == null ? scratch("ones", c) : buf(gamma);
    }

    private ClBuffer betaOr(DeviceArray beta, int c) {
        return beta == null ? scratch("zeros", c) : buf(beta);
    }

    @Override
    public synchronized void batchNormTrain(int n, int c, int hw, DeviceArray x, DeviceArray gamma, DeviceArray beta, float eps, boolean relu,
                               DeviceArray y, DeviceArray mean, DeviceArray var) {
        ClNormalization.bnForwardTrain(ctx, n, c, hw, buf(x), gammaOr(gamma, c), betaOr(beta, c), eps, relu, buf(y), buf(mean),
                buf(var));
    }

    @Override
    public synchronized void batchNormRunningUpdate(int c, DeviceArray mean, DeviceArray var, DeviceArray runningMean, DeviceArray runningVar,
                                       float momentum, int count) {
        float unbias = count > 1 ? (float) ((double) count / (count - 1)) : 1f;
        ctx.launch(SEGRAD, "bn_running_update", items(c), LOCAL_64, c, buf(mean), buf(var), buf(runningMean), buf(runningVar),
                momentum, unbias);
    }

    @Override
    public synchronized void batchNormEval(int n, int c, int hw, DeviceArray x, DeviceArray gamma, DeviceArray beta, DeviceArray runningMean,
                              DeviceArray runningVar, float eps, boolean relu, DeviceArray y) {
        ClNormalization.bnForwardEval(ctx, n, c, hw, buf(x), gammaOr(gamma, c), betaOr(beta, c), buf(runningMean),
                buf(runningVar), eps, relu, buf(y));
    }

    @Override
    public synchronized void batchNormBackward(int n, int c, int hw, DeviceArray x, DeviceArray y, DeviceArray dy, DeviceArray gamma,
                                  DeviceArray mean, DeviceArray var, float eps, boolean relu, DeviceArray dx, DeviceArray dgamma,
                                  DeviceArray dbeta) {
        ClNormalization.bnBackwardTrain(ctx, n, c, hw, buf(x), buf(y), buf(dy), gammaOr(gamma, c), buf(mean), buf(var), eps,
                relu, buf(dx), buf(dgamma), buf(dbeta));
    }

    // ------------------------------------------------------------ pooling, copies, loss, optimizer

    @Override
    public synchronized void maxPool2x2Forward(int planes, int h, int w, DeviceArray x, DeviceArray y, DeviceArray argmax) {
        ClPointwise.maxPool2x2Forward(ctx, planes, 1, h, w, buf(x), buf(y), buf(argmax));
    }

    @Override
    public synchronized void maxPool2x2Backward(int planes, int h, int w, DeviceArray dy, DeviceArray argmax, DeviceArray dx) {
        ClPointwise.maxPool2x2Backward(ctx, planes, 1, h, w, buf(dy), buf(argmax), buf(dx));
    }

    @Override
    public synchronized void copyBlocks(int outer, int inner, int count, DeviceArray src, int srcC, int srcC0, DeviceArray dst, int dstC,
                           int dstC0) {
        ClPointwise.channelCopy(ctx, outer, inner, count, buf(src), srcC, srcC0, buf(dst), dstC, dstC0);
    }

    @Override
    public synchronized void crossEntropy(int n, int c, int hw, DeviceArray z, DeviceArray labels, DeviceArray loss, DeviceArray dz) {
        long len = (long) n * c * hw, pixels = (long) n * hw;
        KernelSource.need("cross-entropy", "z", ctx, buf(z), len);
        KernelSource.need("cross-entropy", "dz", ctx, buf(dz), len);
        KernelSource.need("cross-entropy", "labels", ctx, buf(labels), pixels);
        ClBuffer perPixel = scratch("loss", (int) pixels);
        ctx.launch(SEGRAD, "cross_entropy_f", items(pixels), LOCAL_64, n, c, hw, buf(z), buf(labels), perPixel, buf(dz));
        sumInto((int) pixels, perPixel, buf(loss));
    }

    @Override
    public synchronized void adam(DeviceArray w, DeviceArray g, DeviceArray m, DeviceArray v, long t, double lr, double beta1, double beta2,
                     double eps, double weightDecay, boolean decoupled) {
        ClAdam.step(ctx, w.length(), buf(w), buf(g), buf(m), buf(v), t, lr, beta1, beta2, eps, weightDecay, decoupled);
    }

    @Override
    public String toString() { return name(); }
}
