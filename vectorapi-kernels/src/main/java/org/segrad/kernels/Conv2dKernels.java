package org.segrad.kernels;

/**
 * Facade every convolution in segrad goes through (the autodiff ops call only this class).
 * Layouts: x NCHW {@code [n,cIn,h,w]}, weight {@code [cOut,cIn,kh,kw]}, y {@code [n,cOut,outH,outW]}.
 * Outputs are overwritten. Formulas: see {@link ScalarConv2d}.
 *
 * <p>Transposed convolution needs no kernel of its own: its forward is {@link #backwardData}, its
 * backward-data is {@link #forward}, its backward-weight is {@link #backwardWeight} with the roles of input
 * and output swapped.
 */
public final class Conv2dKernels {
    private Conv2dKernels() {}

    public static void forward(ConvGeometry g, float[] x, float[] w, float[] y) { ScalarConv2d.forward(g, x, w, y); }

    public static void forward(ConvGeometry g, double[] x, double[] w, double[] y) { ScalarConv2d.forward(g, x, w, y); }

    public static void backwardData(ConvGeometry g, float[] dy, float[] w, float[] dx) { ScalarConv2d.backwardData(g, dy, w, dx); }

    public static void backwardData(ConvGeometry g, double[] dy, double[] w, double[] dx) { ScalarConv2d.backwardData(g, dy, w, dx); }

    public static void backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw) { ScalarConv2d.backwardWeight(g, x, dy, dw); }

    public static void backwardWeight(ConvGeometry g, double[] x, double[] dy, double[] dw) { ScalarConv2d.backwardWeight(g, x, dy, dw); }
}
