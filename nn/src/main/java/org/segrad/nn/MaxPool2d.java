package org.segrad.nn;

import org.segrad.autodiff.Pooling;
import org.segrad.autodiff.Tensor;

/**
 * Max pooling over k×k windows with stride s and padding p (torch.nn.MaxPool2d; stride defaults to the kernel);
 * the gradient goes to the first maximum of each window. No parameters.
 */
public class MaxPool2d extends Module {
    private final int kernel, stride, padding;

    /** Stride = kernel, no padding (the U-Net's 2×2 down-sampling). */
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool2d(int kernel, int stride, int padding) {
        Layers.positive("MaxPool2d", "kernel", kernel);
        Layers.positive("MaxPool2d", "stride", stride);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Pooling.maxPool2d(x, kernel, stride, padding);
    }

    @Override
    protected String describe() {
        return "MaxPool2d(kernel=" + kernel + ", stride=" + stride + ", padding=" + padding + ")";
    }
}
