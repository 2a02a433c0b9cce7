package org.segrad.kernels;

/**
 * {@link ScalarRelu} on one element type. The float32 class is generated from the float64 one by
 * {@code TwinGenerator}: edit the float64 source only.
 */
final class Float64ScalarRelu {
    private Float64ScalarRelu() {}

    static void forward(double[] x, double[] y, int off, int len) {
        for (int i = off; i < off + len; i++) y[i] = Math.max(x[i], 0.0);
    }

    static void backward(double[] x, double[] dy, double[] dx, int off, int len) {
        for (int i = off; i < off + len; i++) dx[i] = x[i] > 0.0 ? dy[i] : 0.0;
    }
}
