package org.segrad.opencl;

import static org.segrad.opencl.KernelSource.LOCAL_64;
import static org.segrad.opencl.KernelSource.SEGRAD;
import static org.segrad.opencl.KernelSource.items;
import static org.segrad.opencl.KernelSource.need;

import org.segrad.kernels.ConvGeometry;

/**
 * GEMM and convolutions on an OpenCL device, float32, with the contracts of the CPU facades {@code GemmKernels} and
 * {@code Conv2dKernels} (same layouts, outputs overwritten unless said otherwise). Calls enqueue and return; reading a
 * result ({@link ClBuffer#read}) waits for it.
 * <pre>
 * gemm:            C (+)= op(A)·op(B), 16×16 local-memory tiles
 * conv2dForward:   y = conv(x, w), direct (one work item per output), any stride/padding/dilation
 * backwardData:    dx = adjoint of conv in x (one work item per dx element)
 * backwardWeight:  dw[o,c,u,v] = Σ_{b,i,j} x·dy (one work item per weight)
 * convTranspose:   y = backwardData of the adjoint geometry (PyTorch's ConvTranspose2d weight [cIn, cOut, kh, kw]);
 *                  its ∂x is conv2dForward(geo, g, w) and its ∂w is backwardWeight(geo, g, x)
 * </pre>
 */
public final class ClLinear {
    private ClLinear() {}

    /** {@code C[cOff..] (+)= op(A)·op(B)} as {@code GemmKernels.gemm}. */
    public static void gemm(ClContext ctx, boolean transA, boolean transB, int m, int n, int k, ClBuffer a, int aOff,
                            ClBuffer b, int bOff, ClBuffer c, int cOff, boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("gemm: sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        need("gemm", "a", ctx, a, aOff + (long) m * k);
        need("gemm", "b", ctx, b, bOff + (long) k * n);
        need("gemm", "c", ctx, c, cOff + (long) m * n);
        if (m == 0 || n == 0) return;
        int t = KernelSource.TILE;
        ctx.launch(SEGRAD, "gemm", new long[] {n, m}, new long[] {t, t}, m, n, k, a, aOff, b, bOff, c, cOff,
                transA ? 1 : 0, transB ? 1 : 0, accumulate ? 1 : 0);
    }

    /** {@code y = conv2d(x, w)}; writes y ({@code g.outputSize()}). */
    public static void conv2dForward(ClContext ctx, ConvGeometry g, ClBuffer x, ClBuffer w, ClBuffer y) {
        need("conv2d forward", "x", ctx, x, g.inputSize());
        need("conv2d forward", "w", ctx, w, g.weightSize());
        need("conv2d forward", "y", ctx, y, g.outputSize());
        ctx.launch(SEGRAD, "conv2d_forward", items(g.outputSize()), LOCAL_64, geometry(g), x, w, y);
    }

    /** {@code dx = ∂conv/∂x · dy}; writes dx ({@code g.inputSize()}). */
    public static void conv2dBackwardData(ClContext ctx, ConvGeometry g, ClBuffer dy, ClBuffer w, ClBuffer dx) {
        need("conv2d backward-data", "dy", ctx, dy, g.outputSize());
        need("conv2d backward-data", "w", ctx, w, g.weightSize());
        need("conv2d backward-data", "dx", ctx, dx, g.inputSize());
        ctx.launch(SEGRAD, "conv2d_backward_data", items(g.inputSize()), LOCAL_64, geometry(g), dy, w, dx);
    }

    /** {@code dw = ∂conv/∂w · dy}; writes dw ({@code g.weightSize()}). */
    public static void conv2dBackwardWeight(ClContext ctx, ConvGeometry g, ClBuffer x, ClBuffer dy, ClBuffer dw) {
        need("conv2d backward-weight", "x", ctx, x, g.inputSize());
        need("conv2d backward-weight", "dy", ctx, dy, g.outputSize());
        need("conv2d backward-weight", "dw", ctx, dw, g.weightSize());
        ctx.launch(SEGRAD, "conv2d_backward_weight", items(g.weightSize()), LOCAL_64, geometry(g), x, dy, dw);
    }

    /**
     * The adjoint geometry of a transposed convolution of {@code x[n, cIn, h, w]} with weight {@code [cIn, cOut, k, k]},
     * stride s, padding p (dilation 1, no output padding): the conv whose input is the output
     * {@code [n, cOut, (h−1)·s − 2p + k, …]} and whose output is x. The U-Net's up-sampling is k = 2, s = 2, p = 0.
     */
    public static ConvGeometry transposedGeometry(int n, int cIn, int h, int w, int cOut, int k, int stride, int pad) {
        int oh = (h - 1) * stride - 2 * pad + k, ow = (w - 1) * stride - 2 * pad + k;
        return ConvGeometry.of(n, cOut, oh, ow, cIn, k, stride, pad, 1);
    }

    /** Transposed conv forward: {@code y[n, g.cIn(), g.h(), g.w()] = backwardData(g, x, w)}. */
    public static void convTranspose2dForward(ClContext ctx, ConvGeometry g, ClBuffer x, ClBuffer w, ClBuffer y) {
        conv2dBackwardData(ctx, g, x, w, y);
    }

    /** Transposed conv backward: {@code dx = conv2d(g, dy, w)}, {@code dw = backwardWeight(g, dy, x)}; either may be null. */
    public static void convTranspose2dBackward(ClContext ctx, ConvGeometry g, ClBuffer x, ClBuffer w, ClBuffer dy,
                                               ClBuffer dx, ClBuffer dw) {
        if (dx != null) conv2dForward(ctx, g, dy, w, dx);
        if (dw != null) conv2dBackwardWeight(ctx, g, dy, x, dw);
    }

    /** {@code y[b, o, :] += bias[o]} over {@code y[n][c][hw]}. */
    public static void biasAdd(ClContext ctx, int n, int c, int hw, ClBuffer y, ClBuffer bias) {
        need("bias add", "y", ctx, y, (long) n * c * hw);
        need("bias add", "bias", ctx, bias, c);
        ctx.launch(SEGRAD, "bias_add", items((long) n * c * hw), LOCAL_64, n * c * hw, c, hw, y, bias);
    }

    /** The kernels' {@code __constant int* g}: ConvGeometry's fields, then outH, outW. */
    static int[] geometry(ConvGeometry g) {
        return new int[] {g.n(), g.cIn(), g.h(), g.w(), g.cOut(), g.kh(), g.kw(), g.strideH(), g.strideW(),
                g.padH(), g.padW(), g.dilH(), g.dilW(), g.outH(), g.outW()};
    }
}
