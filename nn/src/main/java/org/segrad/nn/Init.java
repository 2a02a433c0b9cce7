package org.segrad.nn;

import java.util.SplittableRandom;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.StridedKernels;

/**
 * Weight initialisation as in {@code torch.nn.init}, drawn from an explicit, seeded {@link SplittableRandom} (same
 * seed and same construction order → same weights; the numbers differ from PyTorch's generator, the distributions
 * do not).
 *
 * <pre>
 * fanIn(w)                 = w.shape[1] · Π w.shape[2..]        (torch's _calculate_fan_in_and_fan_out; for a
 *                            ConvTranspose2d weight [cIn, cOut, k, k] this is cOut·k², as in PyTorch)
 * kaimingUniform(w, a)     : U(−b, b), b = gain·√(3 / fanIn), gain = √(2 / (1 + a²))
 *                            PyTorch's default for Conv/ConvTranspose weights uses a = √5, so b = 1/√fanIn
 * uniformBias(bias, fanIn) : U(−1/√fanIn, 1/√fanIn)              (PyTorch's default conv bias)
 * </pre>
 */
public final class Init {
    private Init() {}

    /** PyTorch's fan-in of a weight tensor of rank ≥ 2. */
    public static int fanIn(int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("fanIn: a weight needs rank >= 2, got rank " + shape.length);
        }
        int f = shape[1];
        for (int i = 2; i < shape.length; i++) f *= shape[i];
        return f;
    }

    /** Fills {@code w} with kaiming_uniform_(a, mode=fan_in, nonlinearity=leaky_relu); returns w. */
    public static Tensor kaimingUniform(Tensor w, double a, SplittableRandom rng) {
        int fan = fanIn(w.shape());
        double gain = Math.sqrt(2.0 / (1 + a * a));
        return uniform(w, gain * Math.sqrt(3.0 / fan), rng);
    }

    /** Fills {@code bias} with U(−1/√fanIn, 1/√fanIn) (0 bound for fanIn = 0); returns bias. */
    public static Tensor uniformBias(Tensor bias, int fanIn, SplittableRandom rng) {
        return uniform(bias, fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0, rng);
    }

    /** PyTorch's default weight of a (transposed) convolution: a new float32 tensor, kaiming_uniform_(a = √5). */
    public static Tensor convWeight(SplittableRandom rng, int... shape) {
        return kaimingUniform(Tensor.zeros(DType.FLOAT32, shape), Math.sqrt(5), rng);
    }

    /** PyTorch's default bias of a (transposed) convolution with {@code weight}: U(±1/√fan_in), {@code channels} values. */
    public static Tensor convBias(int channels, Tensor weight, SplittableRandom rng) {
        return uniformBias(Tensor.zeros(DType.FLOAT32, channels), fanIn(weight.shape()), rng);
    }

    /** Fills {@code t} with U(−bound, bound) in flat order; returns t. */
    public static Tensor uniform(Tensor t, double bound, SplittableRandom rng) {
        StridedKernels.fill(t.data(), () -> bound * (2 * rng.nextDouble() - 1));
        return t;
    }
}
