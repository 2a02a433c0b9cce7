package org.segrad.nn;

import java.util.Arrays;
import org.segrad.autodiff.Tensor;

/** Argument checks shared by the layers, with messages that name the layer, the argument and the values. */
final class Layers {
    private Layers() {}

    static void positive(String layer, String arg, int value) {
        if (value < 1) throw new IllegalArgumentException(layer + ": " + arg + " must be >= 1, got " + value);
    }

    /** The checks every convolution layer makes on its geometry; errors name the layer and the argument. */
    static void checkConv(String layer, int inChannels, int outChannels, int kernel, int stride, int padding, int dilation) {
        positive(layer, "inChannels", inChannels);
        positive(layer, "outChannels", outChannels);
        positive(layer, "kernel", kernel);
        positive(layer, "stride", stride);
        positive(layer, "dilation", dilation);
        if (padding < 0) throw new IllegalArgumentException(layer + ": padding must be >= 0, got " + padding);
    }

    /** x must be [N, channels, H, W] in the dtype of {@code p}. */
    static void checkInput(String layer, Tensor x, int channels, Parameter p) {
        if (x.rank() != 4 || x.dim(1) != channels) {
            throw new IllegalArgumentException(layer + ": input must be [N, " + channels + ", H, W], got " + Arrays.toString(x.shape()));
        }
        if (x.dtype() != p.dtype()) {
            throw new IllegalArgumentException(layer + ": input is " + x.dtype() + " but the parameters are " + p.dtype()
                    + "; convert one of them (Module.to / Tensor.to)");
        }
    }
}
