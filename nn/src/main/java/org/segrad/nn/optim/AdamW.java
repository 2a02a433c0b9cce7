package org.segrad.nn.optim;

import java.util.List;
import org.segrad.nn.Parameter;

/**
 * AdamW ({@code torch.optim.AdamW}): Adam with decoupled weight decay, w ← w·(1 − lr·λ) before the Adam update
 * (see {@link Adam} for the formula). Defaults as PyTorch: lr 1e-3, β = (0.9, 0.999), ε = 1e-8, λ = 1e-2.
 */
public final class AdamW extends Adam {
    /** AdamW with PyTorch's defaults (weight decay 1e-2) and learning rate {@code lr}. */
    public AdamW(List<Parameter> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 1e-2, false);
    }

    public AdamW(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        super(params, lr, beta1, beta2, eps, weightDecay, amsgrad, true);
    }
}
