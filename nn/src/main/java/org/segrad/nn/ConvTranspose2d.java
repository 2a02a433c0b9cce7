package org.segrad.nn;

import java.util.SplittableRandom;
import org.segrad.autodiff.Convolution;
import org.segrad.autodiff.Tensor;

/**
 * Transposed 2-D convolution layer (torch.nn.ConvTranspose2d, square kernel, groups = 1), the adjoint of a
 * convolution: out = (in − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1.
 *
 * <p>Parameters: {@code weight} [in, out, k, k] (PyTorch's layout) and, if enabled, {@code bias} [out].
 * Initialisation (PyTorch's default, whose fan-in is weight.shape[1]·k² = out·k² for this layer): weight
 * kaiming_uniform(a = √5) = U(±1/√(out·k²)), bias U(±1/√(out·k²)). See {@link Init}.
 */
public class ConvTranspose2d extends Module {
    private final int inChannels, outChannels, kernel, stride, padding, outputPadding, dilation;
    private final Parameter weight;
    private final Parameter bias;

    /** No padding, output padding or dilation (the U-Net's 2×2 stride-2 up-sampling). */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, boolean bias, SplittableRandom rng) {
        this(inChannels, outChannels, kernel, stride, 0, 0, 1, bias, rng);
    }

    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding,
                           int dilation, boolean bias, SplittableRandom rng) {
        Layers.checkConv("ConvTranspose2d", inChannels, outChannels, kernel, stride, padding, dilation);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.outputPadding = outputPadding;
        this.dilation = dilation;
        Tensor w = Init.convWeight(rng, inChannels, outChannels, kernel, kernel);
        this.weight = registerParameter("weight", new Parameter(w));
        this.bias = bias ? registerParameter("bias", new Parameter(Init.convBias(outChannels, w, rng))) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Layers.checkInput("ConvTranspose2d", x, inChannels, weight);
        return Convolution.convTranspose2d(x, weight.data(), bias == null ? null : bias.data(), stride, padding, outputPadding,
                dilation);
    }

    public Parameter weight() { return weight; }

    /** The bias, or null when built without one. */
    public Parameter bias() { return bias; }

    @Override
    protected String describe() {
        return "ConvTranspose2d(" + inChannels + ", " + outChannels + ", kernel=" + kernel + ", stride=" + stride
                + (padding != 0 ? ", padding=" + padding : "") + (outputPadding != 0 ? ", outputPadding=" + outputPadding : "")
                + (dilation != 1 ? ", dilation=" + dilation : "") + ", bias=" + (bias != null) + ")";
    }
}
