package org.segrad.nn;

import java.util.SplittableRandom;
import org.segrad.autodiff.Tensor;

/**
 * The U-Net block [Conv2d 3×3 pad 1 no bias → BatchNorm2d → ReLU] × 2, with each batch-norm and its ReLU run as the
 * fused {@link BatchNorm2d#forwardRelu} (the same values, gradients and state updates as the two layers, one
 * activation less).
 *
 * <p>Children are named as the {@code torch.nn.Sequential} of the PyTorch twin: {@code 0} conv, {@code 1} batch-norm,
 * {@code 2} ReLU, {@code 3} conv, {@code 4} batch-norm, {@code 5} ReLU, so state dicts move both ways unchanged.
 */
public final class ConvBlock extends Module {
    private final Conv2d conv1, conv2;
    private final BatchNorm2d bn1, bn2;

    /** Weights drawn from {@code rng} in construction order (conv1, conv2), as PyTorch's default init. */
    public ConvBlock(int inChannels, int outChannels, SplittableRandom rng) {
        conv1 = new Conv2d(inChannels, outChannels, 3, 1, false, rng);
        bn1 = new BatchNorm2d(outChannels);
        conv2 = new Conv2d(outChannels, outChannels, 3, 1, false, rng);
        bn2 = new BatchNorm2d(outChannels);
        registerModule("0", conv1);
        registerModule("1", bn1);
        registerModule("2", new ReLU());
        registerModule("3", conv2);
        registerModule("4", bn2);
        registerModule("5", new ReLU());
    }

    /** relu(bn2(conv2(relu(bn1(conv1(x)))))). */
    @Override
    public Tensor forward(Tensor x) {
        return bn2.forwardRelu(conv2.forward(bn1.forwardRelu(conv1.forward(x))));
    }
}
