package org.segrad.autodiff;

import org.segrad.kernels.ConvGeometry;

/**
 * The kernel table of one device (float32 only): what the ops of autodiff, the fused cross-entropy and the Adam step
 * call when their tensors live on that device, with the layouts and contracts of the CPU kernels (NCHW, outputs
 * overwritten, {@code hw = H·W}). Calls may return before the device has finished; {@link #download} waits. One thread
 * at a time. A backend is reached through {@link Device#named} and made by a {@link BackendProvider}.
 *
 * <p>Every array argument must belong to this backend; lengths are the arrays' own unless given.
 */
public interface Backend {
    /** The device string, e.g. {@code opencl:0}. */
    String name();

    /** A human description of the device (platform, name, compute units), for reports. */
    String description();

    // ------------------------------------------------------------ memory and transfers

    /** A new array of {@code length} zeros. */
    DeviceArray allocate(int length);

    /** y = 0 … value everywhere. */
    void fill(DeviceArray y, float value);

    /** dst[0 .. src.length) = src (one host-to-device transfer). */
    void write(float[] src, DeviceArray dst);

    /** Copies the first {@code dst.length} elements into {@code dst} (one device-to-host transfer; waits). */
    void download(DeviceArray src, float[] dst);

    /** Host↔device data transfers made so far (uploads, downloads and kernel constants), for tests and reports. */
    long transfers();

    /** Arrays allocated and not yet released (for leak tests). */
    int liveArrays();

    // ------------------------------------------------------------ elementwise and reductions

    /** dst[0 .. src.length) = src. */
    void copy(DeviceArray src, DeviceArray dst);

    /** y = a + b over y's length (y may be a or b). */
    void add(DeviceArray a, DeviceArray b, DeviceArray y);

    /** y = a · b over y's length. */
    void mul(DeviceArray a, DeviceArray b, DeviceArray y);

    /** y = x · s[0] (s a one-element array on the device: no transfer). */
    void scaleBy(DeviceArray x, DeviceArray s, DeviceArray y);

    /** y[i] = s[0] for every i (the gradient of a full sum). */
    void broadcastScalar(DeviceArray s, DeviceArray y);

    /** out[0] = Σ x. */
    void sum(DeviceArray x, DeviceArray out);

    /** y = max(x, 0). */
    void relu(DeviceArray x, DeviceArray y);

    /** dx = x &gt; 0 ? dy : 0. */
    void reluBackward(DeviceArray x, DeviceArray dy, DeviceArray dx);

    // ------------------------------------------------------------ convolutions

    /** y = conv2d(x, w) ({@code Conv2dKernels.forward}). */
    void convForward(ConvGeometry g, DeviceArray x, DeviceArray w, DeviceArray y);

    /** dx = the adjoint of conv2d in x applied to dy. */
    void convBackwardData(ConvGeometry g, DeviceArray dy, DeviceArray w, DeviceArray dx);

    /** dw[o,c,u,v] = Σ x·dy. */
    void convBackwardWeight(ConvGeometry g, DeviceArray x, DeviceArray dy, DeviceArray dw);

    /** y[b, o, :] += bias[o] over y[n][c][hw]. */
    void addChannelBias(DeviceArray y, DeviceArray bias, int n, int c, int hw);

    /** out[o] = Σ_{b, i} g[b, o, i] over g[n][c][hw] (a bias gradient). */
    void channelSum(DeviceArray g, DeviceArray out, int n, int c, int hw);

    // ------------------------------------------------------------ batch norm (gamma, beta may be null: 1 and 0)

    /** Training forward: writes y, the batch mean[c] and biased var[c]; y = max(·, 0) when relu. */
    void batchNormTrain(int n, int c, int hw, DeviceArray x, DeviceArray gamma, DeviceArray beta, float eps, boolean relu,
                        DeviceArray y, DeviceArray mean, DeviceArray var);

    /** running_mean ← (1 − m)·running_mean + m·mean, running_var ← (1 − m)·running_var + m·var·M/(M − 1). */
    void batchNormRunningUpdate(int c, DeviceArray mean, DeviceArray var, DeviceArray runningMean, DeviceArray runningVar,
                                float momentum, int count);

    /** Eval forward with running statistics. */
    void batchNormEval(int n, int c, int hw, DeviceArray x, DeviceArray gamma, DeviceArray beta, DeviceArray runningMean,
                       DeviceArray runningVar, float eps, boolean relu, DeviceArray y);

    /** Training backward from the forward's x, y (read when relu), mean, var: writes dx, dgamma, dbeta. */
    void batchNormBackward(int n, int c, int hw, DeviceArray x, DeviceArray y, DeviceArray dy, DeviceArray gamma,
                           DeviceArray mean, DeviceArray var, float eps, boolean relu, DeviceArray dx, DeviceArray dgamma,
                           DeviceArray dbeta);

    // ------------------------------------------------------------ pooling, copies, loss, optimizer

    /** 2×2 stride-2 max-pool of x[planes][h][w]: writes y and argmax (int indices into x, stored in a 4-byte array). */
    void maxPool2x2Forward(int planes, int h, int w, DeviceArray x, DeviceArray y, DeviceArray argmax);

    /** dx = dy scattered to argmax, 0 elsewhere. */
    void maxPool2x2Backward(int planes, int h, int w, DeviceArray dy, DeviceArray argmax, DeviceArray dx);

    /**
     * dst[b, dstC0 + k, i] = src[b, srcC0 + k, i] for b &lt; outer, k &lt; count, i &lt; inner (src has srcC blocks per
     * outer index, dst dstC): concat and slice along any axis.
     */
    void copyBlocks(int outer, int inner, int count, DeviceArray src, int srcC, int srcC0, DeviceArray dst, int dstC, int dstC0);

    /**
     * Mean softmax cross-entropy of logits z[n][c][hw] against class ids labels[n][hw] (float32 holding integers):
     * loss[0] = (1/P) Σ (logsumexp z − z[label]), dz = (softmax z − onehot)/P, P = n·hw. A label outside [0, c) or
     * not an integer makes the loss NaN.
     */
    void crossEntropy(int n, int c, int hw, DeviceArray z, DeviceArray labels, DeviceArray loss, DeviceArray dz);

    /** One Adam (AdamW when decoupled) step of w, m, v in place from g; t ≥ 1 is the step number (as nn's Adam). */
    void adam(DeviceArray w, DeviceArray g, DeviceArray m, DeviceArray v, long t, double lr, double beta1, double beta2,
              double eps, double weightDecay, boolean decoupled);
}
