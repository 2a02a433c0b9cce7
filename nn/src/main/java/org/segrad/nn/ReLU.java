package org.segrad.nn;

import org.segrad.autodiff.Elementwise;
import org.segrad.autodiff.Tensor;

/** y = max(x, 0); ∂x = g·[x > 0]. No parameters (torch.nn.ReLU; never in place). */
public class ReLU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return Elementwise.relu(x);
    }
}
