package org.segrad.nn;

import java.util.SplittableRandom;
import org.segrad.autodiff.Convolution;
import org.segrad.autodiff.Tensor;

/**
 * 2-D convolution layer (torch.nn.Conv2d, square kernel, groups = 1): y = conv2d(x, weight) + bias.
 *
 * <p>Parameters: {@code weight} [out, in, k, k] and, if enabled, {@code bias} [out]. Initialisation (PyTorch's
 * default): weight kaiming_uniform(a = √5), i.e. U(±1/√(in·k²)); bias U(±1/√(in·k²)). See {@link Init}.
 */
public class Conv2d extends Module {
    private final int inChannels, outChannels, kernel, stride, padding, dilation;
    private final Parameter weight;
    private final Parameter bias;

    /** Stride 1, no dilation. */
    public Conv2d(int inChannels, int outChannels, int kernel, int padding, boolean bias, SplittableRandom rng) {
        this(inChannels, outChannels, kernel, 1, padding, 1, bias, rng);
    }

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, boolean bias,
                  SplittableRandom rng) {
        Layers.checkConv("Conv2d", inChannels, outChannels, kernel, stride, padding, dilation);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        Tensor w = Init.convWeight(rng, outChannels, inChannels, kernel, kernel);
        this.weight = registerParameter("weight", new Parameter(w));
        this.bias = bias ? registerParameter("bias", new Parameter(Init.convBias(outChannels, w, rng))) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Layers.checkInput("Conv2d", x, inChannels, weight);
        return Convolution.conv2d(x, weight.data(), bias == null ? null : bias.data(), stride, padding, dilation);
    }

    public Parameter weight() { return weight; }

    /** The bias, or null when built without one. */
    public Parameter bias() { return bias; }

    @Override
    protected String describe() {
        return "Conv2d(" + inChannels + ", " + outChannels + ", kernel=" + kernel + ", stride=" + stride + ", padding=" + padding
                + (dilation != 1 ? ", dilation=" + dilation : "") + ", bias=" + (bias != null) + ")";
    }
}
