package org.segrad.kernels;

/**
 * {@link ScalarConv2d} on one element type: sums in 64-bit floating point, each output rounded once. The float32 class is
 * generated from the float64 one by {@code TwinGenerator}: edit the float64 source only.
 */
final class Float64ScalarConv2d {
    private Float64ScalarConv2d() {}

    static void forward(ConvGeometry g, double[] x, double[] w, double[] y) {
        int oh = g.outH(), ow = g.outW();
        for (int b = 0; b < g.n(); b++)
            for (int o = 0; o < g.cOut(); o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double acc = 0; // keep
                        for (int c = 0; c < g.cIn(); c++)
                            for (int u = 0; u < g.kh(); u++) {
                                int yy = i * g.strideH() - g.padH() + u * g.dilH();
                                if (yy < 0 || yy >= g.h()) continue;
                                for (int v = 0; v < g.kw(); v++) {
                                    int xx = j * g.strideW() - g.padW() + v * g.dilW();
                                    if (xx < 0 || xx >= g.w()) continue;
                                    acc += x[((b * g.cIn() + c) * g.h() + yy) * g.w() + xx]
                                            * w[((o * g.cIn() + c) * g.kh() + u) * g.kw() + v];
                                }
                            }
                        y[((b * g.cOut() + o) * oh + i) * ow + j] = (double) acc;
                    }
    }

    static void backwardData(ConvGeometry g, double[] dy, double[] w, double[] dx) {
        double[] acc = new double[g.inputSize()]; // keep
        int oh = g.outH(), ow = g.outW();
        for (int b = 0; b < g.n(); b++)
            for (int o = 0; o < g.cOut(); o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double gy = dy[((b * g.cOut() + o) * oh + i) * ow + j]; // keep
                        if (gy == 0) continue;
                        for (int c = 0; c < g.cIn(); c++)
                            for (int u = 0; u < g.kh(); u++) {
                                int yy = i * g.strideH() - g.padH() + u * g.dilH();
                                if (yy < 0 || yy >= g.h()) continue;
                                for (int v = 0; v < g.kw(); v++) {
                                    int xx = j * g.strideW() - g.padW() + v * g.dilW();
                                    if (xx < 0 || xx >= g.w()) continue;
                                    acc[((b * g.cIn() + c) * g.h() + yy) * g.w() + xx]
                                            += gy * w[((o * g.cIn() + c) * g.kh() + u) * g.kw() + v];
                                }
                            }
                    }
        for (int t = 0; t < acc.length; t++) dx[t] = (double) acc[t];
    }

    static void backwardWeight(ConvGeometry g, double[] x, double[] dy, double[] dw) {
        double[] acc = new double[g.weightSize()]; // keep
        ScalarConv2d.accumulateWeight(g, i -> x[i], i -> dy[i], acc);
        for (int t = 0; t < acc.length; t++) dw[t] = (double) acc[t];
    }
}
