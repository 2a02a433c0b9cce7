package org.segrad.nn.optim;

import java.util.List;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Device;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.OptimizerKernels;
import org.segrad.nn.Parameter;

/**
 * Adam ({@code torch.optim.Adam}), and with {@code decoupled = true} AdamW ({@code torch.optim.AdamW}).
 *
 * <pre>
 * t ← t + 1                                   (per parameter: counts the steps in which it had a gradient)
 * Adam:   g ← g + λ·w                        (L2 penalty added to the gradient)
 * AdamW:  w ← w·(1 − lr·λ)                   (decoupled weight decay)
 * m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²;   v̂max ← max(v̂max, v) if amsgrad
 * w ← w − (lr / (1 − β₁^t)) · m / (√v / √(1 − β₂^t) + ε)        (ε added after the bias correction, as torch)
 * </pre>
 * Defaults as PyTorch: Adam lr 1e-3, β = (0.9, 0.999), ε = 1e-8, λ = 0; AdamW λ = 1e-2.
 */
public class Adam extends Optimizer {
    private final double beta1, beta2, eps, weightDecay;
    private final boolean amsgrad, decoupled;

    /** Adam with PyTorch's defaults and learning rate {@code lr}. */
    public Adam(List<Parameter> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    public Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        this(params, lr, beta1, beta2, eps, weightDecay, amsgrad, false);
    }

    Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
         boolean decoupled) {
        super(params, lr);
        checkBeta("beta1", beta1);
        checkBeta("beta2", beta2);
        checkNonNegative("eps", eps);
        checkNonNegative("weight_decay", weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
        this.decoupled = decoupled;
    }

    /** State: {m, v, max v (amsgrad), {t}}. */
    @Override
    protected double[][] newState(int n) {
        return new double[][] {new double[n], new double[n], new double[amsgrad ? n : 0], new double[1]};
    }

    @Override
    protected String[] stateNames() {
        return new String[] {"exp_avg", "exp_avg_sq", "max_exp_avg_sq", "step"};
    }

    /** On a device: {exp_avg, exp_avg_sq} there (float32), no max (amsgrad is CPU only), {step} on the host. */
    @Override
    protected Tensor[] newDeviceState(Tensor w, double[][] host) {
        if (amsgrad) throw new UnsupportedOperationException("Adam(amsgrad=true) has no step on " + w.device() + "; use amsgrad=false or the CPU");
        Device dev = w.device();
        Tensor m = Tensor.zeros(dev, DType.FLOAT32, w.numel()), v = Tensor.zeros(dev, DType.FLOAT32, w.numel());
        Tensor t = Tensor.zeros(DType.FLOAT64, 1);
        if (host != null) {
            m.copyFrom(Tensor.fromArray(host[0], host[0].length));
            v.copyFrom(Tensor.fromArray(host[1], host[1].length));
            t.set(0, host[3][0]);
        }
        return new Tensor[] {m, v, null, t};
    }

    @Override
    protected void updateOnDevice(Tensor w, Tensor g, Tensor[] s) {
        long t = (long) s[3].get(0) + 1;
        s[3].set(0, t);
        w.device().backend().adam(w.deviceArray(), g.deviceArray(), s[0].deviceArray(), s[1].deviceArray(), t, lr(), beta1,
                beta2, eps, weightDecay, decoupled);
    }

    @Override
    protected void update(double[] w, double[] g, double[][] s) {
        double lr = lr();
        double[] m = s[0], v = s[1], vmax = s[2];
        double t = ++s[3][0];
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        OptimizerKernels.adam(w, g, m, v, vmax, lr, beta1, beta2, eps, weightDecay, amsgrad, decoupled, stepSize, bc2Sqrt);
    }
}
