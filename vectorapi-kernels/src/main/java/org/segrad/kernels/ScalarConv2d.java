package org.segrad.kernels;

/**
 * Scalar reference convolution: the plain seven-loop definition, for float and double. Every faster
 * convolution path is tested against this class.
 *
 * <pre>
 * forward:        y[b,o,i,j]   = Σ_{c,u,v} x[b,c, i·s−p+u·d, j·s−p+v·d] · w[o,c,u,v]
 * backwardData:   dx[b,c,y,x]  = Σ over every (o,i,j,u,v) that read x[b,c,y,x] of dy[b,o,i,j] · w[o,c,u,v]
 * backwardWeight: dw[o,c,u,v]  = Σ_{b,i,j} x[b,c, i·s−p+u·d, j·s−p+v·d] · dy[b,o,i,j]
 * </pre>
 * Outputs are overwritten, never accumulated into. Sums run in double; the loops are written once, in
 * {@code Float64ScalarConv2d}, and generated for float32.
 */
public final class ScalarConv2d {
    private ScalarConv2d() {}

    public static void forward(ConvGeometry g, float[] x, float[] w, float[] y) {
        Float32ScalarConv2d.forward(g, x, w, y);
    }

    public static void forward(ConvGeometry g, double[] x, double[] w, double[] y) {
        Float64ScalarConv2d.forward(g, x, w, y);
    }

    public static void backwardData(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        Float32ScalarConv2d.backwardData(g, dy, w, dx);
    }

    public static void backwardData(ConvGeometry g, double[] dy, double[] w, double[] dx) {
        Float64ScalarConv2d.backwardData(g, dy, w, dx);
    }

    public static void backwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw) {
        Float32ScalarConv2d.backwardWeight(g, x, dy, dw);
    }

    public static void backwardWeight(ConvGeometry g, double[] x, double[] dy, double[] dw) {
        Float64ScalarConv2d.backwardWeight(g, x, dy, dw);
    }

    /** dw[t] += Σ gy·x over the pairs that weight t multiplies (dw in double; x and dy read widened). */
    static void accumulateWeight(ConvGeometry g, java.util.function.IntToDoubleFunction x,
                                         java.util.function.IntToDoubleFunction dy, double[] dw) {
        int oh = g.outH(), ow = g.outW();
        for (int b = 0; b < g.n(); b++)
            for (int o = 0; o < g.cOut(); o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double gy = dy.applyAsDouble(((b * g.cOut() + o) * oh + i) * ow + j);
                        if (gy == 0) continue;
                        for (int c = 0; c < g.cIn(); c++)
                            for (int u = 0; u < g.kh(); u++) {
                                int yy = i * g.strideH() - g.padH() + u * g.dilH();
                                if (yy < 0 || yy >= g.h()) continue;
                                for (int v = 0; v < g.kw(); v++) {
                                    int xx = j * g.strideW() - g.padW() + v * g.dilW();
                                    if (xx < 0 || xx >= g.w()) continue;
                                    dw[((o * g.cIn() + c) * g.kh() + u) * g.kw() + v]
                                            += gy * x.applyAsDouble(((b * g.cIn() + c) * g.h() + yy) * g.w() + xx);
                                }
                            }
                    }
    }
}
