package org.segrad.kernels;

/**
 * Facade for ReLU over {@code len} contiguous elements starting at {@code off} in every array:
 * forward {@code y = Math.max(x, 0)} (NaN propagates, as {@code torch.relu}), backward {@code dx = x > 0 ? dy : +0}
 * (the subgradient at 0 is 0, as in PyTorch; a NaN x gives +0). autodiff's {@code relu} runs these.
 * Only {@code y} (resp. {@code dx}) is modified; in-place use ({@code y == x}, {@code dx == dy}) is allowed.
 * float32 is SIMD ({@link SimdRelu}) when {@link SimdSupport#enabled()}; float64 is scalar ({@link ScalarRelu}).
 */
public final class ReluKernels {
    private ReluKernels() {}

    /** y[off+i] = max(x[off+i], 0). */
    public static void forward(float[] x, float[] y, int off, int len) {
        check(off, len, x.length, y.length);
        if (SimdSupport.enabled()) SimdRelu.forward(x, y, off, len);
        else ScalarRelu.forward(x, y, off, len);
    }

    /** dx[off+i] = x[off+i] > 0 ? dy[off+i] : 0. */
    public static void backward(float[] x, float[] dy, float[] dx, int off, int len) {
        check(off, len, x.length, Math.min(dy.length, dx.length));
        if (SimdSupport.enabled()) SimdRelu.backward(x, dy, dx, off, len);
        else ScalarRelu.backward(x, dy, dx, off, len);
    }

    /** float64 forward (scalar). */
    public static void forward(double[] x, double[] y, int off, int len) {
        check(off, len, x.length, y.length);
        ScalarRelu.forward(x, y, off, len);
    }

    /** float64 backward (scalar). */
    public static void backward(double[] x, double[] dy, double[] dx, int off, int len) {
        check(off, len, x.length, Math.min(dy.length, dx.length));
        ScalarRelu.backward(x, dy, dx, off, len);
    }

    private static void check(int off, int len, int inLen, int outLen) {
        if (off < 0 || len < 0 || (long) off + len > Math.min(inLen, outLen)) {
            throw new IllegalArgumentException("relu: range [" + off + ", " + ((long) off + len) + ") exceeds array lengths "
                    + inLen + " / " + outLen);
        }
    }
}
