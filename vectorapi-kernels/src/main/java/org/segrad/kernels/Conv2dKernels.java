package org.segrad.kernels;

import org.segrad.kernels.ConvAlgorithm.Pass;

/**
 * Facade every convolution in segrad goes through (the autodiff ops call only this class).
 * Layouts: x NCHW {@code [n,cIn,h,w]}, weight {@code [cOut,cIn,kh,kw]}, y {@code [n,cOut,outH,outW]}.
 * Formulas (see {@link ScalarConv2d}):
 * <pre>
 * forward:        y[b,o,i,j]  = Σ_{c,u,v} x[b,c, i·sH−pH+u·dH, j·sW−pW+v·dW] · w[o,c,u,v]
 * backwardData:   dx[b,c,r,s] = Σ over every (o,i,j,u,v) that read x[b,c,r,s] of dy[b,o,i,j] · w[o,c,u,v]
 * backwardWeight: dw[o,c,u,v] = Σ_{b,i,j} x[b,c, i·sH−pH+u·dH, j·sW−pW+v·dW] · dy[b,o,i,j]
 * </pre>
 * Only the output array of each method is modified, and it is overwritten (never accumulated into); the first
 * {@code outputSize()/inputSize()/weightSize()} elements are written.
 * float32 runs the algorithm {@link ConvAlgorithm#choose} picks when {@link SimdSupport#enabled()}, else the
 * scalar reference; float64 always runs the scalar reference.
 *
 * <p>Transposed convolution needs no kernel of its own: its forward is {@link #backwardData}, its
 * backward-data is {@link #forward}, its backward-weight is {@link #backwardWeight} with the roles of input
 * and output swapped. (The U-Net's 2×2 stride-2 transposed convolution runs {@link ConvAlgorithm#PATCH_2X2}: its
 * column matrix is a permutation of the input, folded into the packing and stores of the products.)
 */
public final class Conv2dKernels {
    private Conv2dKernels() {}

    /** y = conv(x, w); overwrites y. */
    public static void forward(ConvGeometry g, float[] x, float[] w, float[] y) {
        check(g, "x", x.length, g.inputSize(), "w", w.length, "y", y.length, g.outputSize());
        if (SimdSupport.enabled()) SimdConv2d.forward(g, x, w, y, ConvAlgorithm.choose(g, Pass.FORWARD));
        else ScalarConv2d.forward(g, x, w, y);
    }

    /** float64 forward (scalar); overwrites y. */
    public static void forward(ConvGeometry g, double[] x, double[] w, double[] y) {
        check(g, "x", x.length, g.inputSize(), "w", w.length, "y", y.length, g.outputSize());
        ScalarConv2d.forward(g, x, w, y);
    }

    /** dx = ∂⟨dy, conv(x, w)⟩/∂x; overwrites dx. */
    public static void backwardData(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        check(g, "dy", dy.length, g.outputSize(), "w", w.length, "dx", dx.length, g.inputSize());
        if (SimdSupport.enabled()) SimdConv2d.backwardData(g, dy, w, dx, ConvAlgorithm.choose(g, Pass.BACKWARD_DATA));
        else ScalarConv2d.backwardData(g, dy, w, dx);
    }

    /** float64 backward-data (scalar); overwrites dx. */
    public static void backwardData(ConvGeometry g, double[] dy, double[] w, double[] dx) {
        check(g, "dy", dy.length, g.outputSize(), "w", w.length, "dx", dx.length, g.inputSize());
        ScalarConv2d.backwardData(g, dy, w, dx);
    }

    /** dw = ∂⟨dy, conv(x, w)⟩/∂w; overwrites dw. */
    public static void backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw) {
        check(g, "x", x.length, g.inputSize(), "dy", dy.length, "dw", dw.length, g.weightSize());
        if (dy.length < g.outputSize()) throw shortArray("dy", g.outputSize(), dy.length, g);
        if (SimdSupport.enabled()) SimdConv2d.backwardWeight(g, x, dy, dw, ConvAlgorithm.choose(g, Pass.BACKWARD_WEIGHT));
        else ScalarConv2d.backwardWeight(g, x, dy, dw);
    }

    /** float64 backward-weight (scalar); overwrites dw. */
    public static void backwardWeight(ConvGeometry g, double[] x, double[] dy, double[] dw) {
        check(g, "x", x.length, g.inputSize(), "dy", dy.length, "dw", dw.length, g.weightSize());
        if (dy.length < g.outputSize()) throw shortArray("dy", g.outputSize(), dy.length, g);
        ScalarConv2d.backwardWeight(g, x, dy, dw);
    }

    /** The algorithm a float32 pass of shape {@code g} runs now (SCALAR when SIMD is off). */
    public static ConvAlgorithm algorithm(ConvGeometry g, Pass pass) {
        return SimdSupport.enabled() ? ConvAlgorithm.choose(g, pass) : ConvAlgorithm.SCALAR;
    }

    // The second argument is the weight for forward/backwardData, dy for backwardWeight (checked by the caller).
    private static void check(ConvGeometry g, String in, int inLen, int inNeed, String second, int secondLen,
                              String out, int outLen, int outNeed) {
        if (inLen < inNeed) throw shortArray(in, inNeed, inLen, g);
        if (second.equals("w") && secondLen < g.weightSize()) throw shortArray("w", g.weightSize(), secondLen, g);
        if (outLen < outNeed) throw shortArray(out, outNeed, outLen, g);
    }

    private static IllegalArgumentException shortArray(String name, int need, int have, ConvGeometry g) {
        return new IllegalArgumentException("conv2d: " + name + " needs " + need + " elements but has " + have + " for " + g);
    }
}
