package org.segrad.opencl;

import static org.segrad.opencl.KernelSource.LOCAL_64;
import static org.segrad.opencl.KernelSource.SEGRAD;
import static org.segrad.opencl.KernelSource.items;
import static org.segrad.opencl.KernelSource.need;

/**
 * Elementwise kernels, the sum reduction, 2×2 max-pooling and channel copies (concat and its backward) on an OpenCL
 * device, float32, with the contracts of the CPU kernels ({@code ReluKernels}, {@code MaxPool2x2Kernels}). Each
 * writes only its output; {@code len} elements from index 0.
 * <pre>
 * add: y = a + b    mul: y = a·b    relu: y = x > 0 ? x : 0    reluBackward: dx = x > 0 ? dy : 0    fill: y = value
 * sum: out[0] = Σ x (per-item partial sums, then a 64-wide tree in local memory, twice)
 * maxPool2x2: y = max of each 2×2 window, argmax = flat index into x; backward: dx[argmax[k]] = dy[k], 0 elsewhere
 * concatChannels: y[b] = (a[b], b[b]) along channels; channelCopy: any channel range to any channel offset
 * </pre>
 */
public final class ClPointwise {
    private ClPointwise() {}

    public static void fill(ClContext ctx, int len, ClBuffer y, float value) {
        need("fill", "y", ctx, y, len);
        ctx.launch(SEGRAD, "fill", items(len), LOCAL_64, len, y, value);
    }

    public static void add(ClContext ctx, int len, ClBuffer a, ClBuffer b, ClBuffer y) {
        binary(ctx, "add", len, a, b, y);
    }

    public static void mul(ClContext ctx, int len, ClBuffer a, ClBuffer b, ClBuffer y) {
        binary(ctx, "mul", len, a, b, y);
    }

    private static void binary(ClContext ctx, String op, int len, ClBuffer a, ClBuffer b, ClBuffer y) {
        need(op, "a", ctx, a, len);
        need(op, "b", ctx, b, len);
        need(op, "y", ctx, y, len);
        ctx.launch(SEGRAD, op, items(len), LOCAL_64, len, a, b, y);
    }

    public static void relu(ClContext ctx, int len, ClBuffer x, ClBuffer y) {
        need("relu", "x", ctx, x, len);
        need("relu", "y", ctx, y, len);
        ctx.launch(SEGRAD, "relu", items(len), LOCAL_64, len, x, y);
    }

    public static void reluBackward(ClContext ctx, int len, ClBuffer x, ClBuffer dy, ClBuffer dx) {
        need("relu backward", "x", ctx, x, len);
        need("relu backward", "dy", ctx, dy, len);
        need("relu backward", "dx", ctx, dx, len);
        ctx.launch(SEGRAD, "relu_backward", items(len), LOCAL_64, len, x, dy, dx);
    }

    /** Writes {@code Σ x[0..len)} to {@code out[0]} (float accumulation; the order is fixed by the sizes, not by timing). */
    public static void sum(ClContext ctx, int len, ClBuffer x, ClBuffer out) {
        need("sum", "x", ctx, x, len);
        need("sum", "out", ctx, out, 1);
        int wg = KernelSource.REDUCE_GROUP;
        int groups = (int) Math.max(1, Math.min(wg, ((long) len + wg - 1) / wg));
        try (BufferScope s = ctx.scope()) {
            ClBuffer partial = s.floats(groups);
            ctx.launch(SEGRAD, "sum_partial", items((long) groups * wg), LOCAL_64, len, x, partial);
            ctx.launch(SEGRAD, "sum_partial", items(wg), LOCAL_64, groups, partial, out);
            ctx.finish();
        }
    }

    /** {@link #sum(ClContext, int, ClBuffer, ClBuffer)} read back to the host. */
    public static float sum(ClContext ctx, int len, ClBuffer x) {
        try (BufferScope s = ctx.scope()) {
            ClBuffer out = s.floats(1);
            sum(ctx, len, x, out);
            return out.readFloats()[0];
        }
    }

    /** Max-pool 2×2 stride 2 of {@code x[n·c][h][w]}: writes y and argmax ({@code n·c·(h/2)·(w/2)} each). */
    public static void maxPool2x2Forward(ClContext ctx, int n, int c, int h, int w, ClBuffer x, ClBuffer y, ClBuffer argmax) {
        long out = (long) n * c * (h / 2) * (w / 2);
        need("max-pool forward", "x", ctx, x, (long) n * c * h * w);
        need("max-pool forward", "y", ctx, y, out);
        need("max-pool forward", "argmax", ctx, argmax, out);
        ctx.launch(SEGRAD, "maxpool2_forward", items(out), LOCAL_64, n * c, h, w, x, y, argmax);
    }

    /** Overwrites {@code dx[n·c·h·w]}: {@code dy[k]} at {@code argmax[k]}, 0 elsewhere. */
    public static void maxPool2x2Backward(ClContext ctx, int n, int c, int h, int w, ClBuffer dy, ClBuffer argmax, ClBuffer dx) {
        long out = (long) n * c * (h / 2) * (w / 2), in = (long) n * c * h * w;
        need("max-pool backward", "dy", ctx, dy, out);
        need("max-pool backward", "argmax", ctx, argmax, out);
        need("max-pool backward", "dx", ctx, dx, in);
        ctx.launch(SEGRAD, "maxpool2_backward", items(in), LOCAL_64, n * c, h, w, dy, argmax, dx);
    }

    /** {@code dst[b, dstC0 + ch, :] = src[b, srcC0 + ch, :]} for {@code ch < count}; planes of {@code hw} elements. */
    public static void channelCopy(ClContext ctx, int n, int hw, int count, ClBuffer src, int srcC, int srcC0,
                                   ClBuffer dst, int dstC, int dstC0) {
        if (count < 0 || srcC0 < 0 || dstC0 < 0 || srcC0 + count > srcC || dstC0 + count > dstC) {
            throw new IllegalArgumentException("channel copy: channels [" + srcC0 + ", " + (srcC0 + count) + ") of " + srcC
                    + " to [" + dstC0 + ", " + (dstC0 + count) + ") of " + dstC + " do not fit");
        }
        need("channel copy", "src", ctx, src, (long) n * srcC * hw);
        need("channel copy", "dst", ctx, dst, (long) n * dstC * hw);
        if (count == 0) return;
        ctx.launch(SEGRAD, "channel_copy", items((long) n * count * hw), LOCAL_64, n, hw, count, src, srcC, srcC0, dst,
                dstC, dstC0);
    }

    /** {@code y[n, ca + cb, hw] = concat(a[n, ca, hw], b[n, cb, hw])} along channels. */
    public static void concatChannels(ClContext ctx, int n, int hw, ClBuffer a, int ca, ClBuffer b, int cb, ClBuffer y) {
        channelCopy(ctx, n, hw, ca, a, ca, 0, y, ca + cb, 0);
        channelCopy(ctx, n, hw, cb, b, cb, 0, y, ca + cb, ca);
    }
}
