package org.segrad.kernels;

/**
 * Scalar reference twin of {@link SimdRelu}; formulas in {@link ReluKernels}. The loops are written once, in
 * {@code Float64ScalarRelu}, and generated for float32.
 */
public final class ScalarRelu {
    private ScalarRelu() {}

    /** {@code y[i] = Math.max(x[i], 0)} (NaN stays NaN) for i in {@code [off, off+len)}; writes y only. */
    public static void forward(float[] x, float[] y, int off, int len) {
        Float32ScalarRelu.forward(x, y, off, len);
    }

    /** {@code dx[i] = x[i] > 0 ? dy[i] : 0} for i in {@code [off, off+len)}; writes dx only. */
    public static void backward(float[] x, float[] dy, float[] dx, int off, int len) {
        Float32ScalarRelu.backward(x, dy, dx, off, len);
    }

    /** float64 twin of {@link #forward(float[], float[], int, int)}. */
    public static void forward(double[] x, double[] y, int off, int len) {
        Float64ScalarRelu.forward(x, y, off, len);
    }

    /** float64 twin of {@link #backward(float[], float[], float[], int, int)}. */
    public static void backward(double[] x, double[] dy, double[] dx, int off, int len) {
        Float64ScalarRelu.backward(x, dy, dx, off, len);
    }
}
