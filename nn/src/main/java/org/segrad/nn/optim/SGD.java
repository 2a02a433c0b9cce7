package org.segrad.nn.optim;

import java.util.List;
import org.segrad.kernels.OptimizerKernels;
import org.segrad.nn.Parameter;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay ({@code torch.optim.SGD}).
 *
 * <pre>
 * d = g + λ·w
 * if μ ≠ 0:  b = d at the first step, else b = μ·b + (1 − τ)·d;   d = nesterov ? d + μ·b : b
 * w ← w − lr·d
 * </pre>
 * Nesterov needs μ > 0 and τ = 0 (as in PyTorch).
 */
public final class SGD extends Optimizer {
    private final double momentum, dampening, weightDecay;
    private final boolean nesterov;

    /** Plain SGD. */
    public SGD(List<Parameter> params, double lr) {
        this(params, lr, 0, 0, 0, false);
    }

    public SGD(List<Parameter> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        super(params, lr);
        checkNonNegative("momentum", momentum);
        checkNonNegative("weight_decay", weightDecay);
        if (!Double.isFinite(dampening)) throw new IllegalArgumentException("invalid dampening: " + dampening);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum > 0 and zero dampening, got momentum "
                    + momentum + " and dampening " + dampening);
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    /** State: {momentum buffer, {initialised flag}}. */
    @Override
    protected double[][] newState(int n) {
        return new double[][] {new double[momentum != 0 ? n : 0], new double[1]};
    }

    @Override
    protected String[] stateNames() {
        return new String[] {"momentum_buffer", "momentum_buffer_set"};
    }

    @Override
    protected void update(double[] w, double[] g, double[][] s) {
        double lr = lr();
        double[] buf = s[0];
        boolean first = s[1][0] == 0;
        s[1][0] = 1;
        OptimizerKernels.sgd(w, g, buf, first, lr, momentum, dampening, weightDecay, nesterov);
    }
}
