package org.segrad.nn.optim;

import java.util.List;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.OptimizerKernels;
import org.segrad.nn.Parameter;

/**
 * Gradient clipping by global norm ({@code torch.nn.utils.clip_grad_norm_}).
 *
 * <pre>
 * total = ‖(‖g₁‖_p, …, ‖g_k‖_p)‖_p  over the parameters with a gradient   (p = ∞: max |g|)
 * c     = min(1, maxNorm / (total + 1e-6));   every gᵢ ← c·gᵢ  (in place)
 * </pre>
 */
public final class GradClip {
    private GradClip() {}

    /** L2 clipping; returns the total norm before clipping. */
    public static double clipGradNorm(List<Parameter> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2.0, false);
    }

    /**
     * Clips in place and returns the total norm before clipping.
     *
     * @param normType p ≥ 1, or {@code Double.POSITIVE_INFINITY}
     * @param errorIfNonfinite throw when the total norm is NaN or infinite (instead of scaling by a NaN factor)
     */
    public static double clipGradNorm(List<Parameter> params, double maxNorm, double normType, boolean errorIfNonfinite) {
        if (!(maxNorm >= 0)) throw new IllegalArgumentException("clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
        if (!(normType >= 1)) throw new IllegalArgumentException("clipGradNorm: normType must be >= 1 or infinity, got " + normType);
        boolean inf = Double.isInfinite(normType);
        double acc = 0;
        boolean any = false;
        for (Parameter p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            any = true;
            double n = OptimizerKernels.norm(g.data(), normType, inf);
            acc = inf ? Math.max(acc, n) : acc + n;
        }
        if (!any) return 0;
        double total = inf ? acc : Math.pow(acc, 1 / normType);
        if (errorIfNonfinite && !Double.isFinite(total)) {
            throw new ArithmeticException("clipGradNorm: the total gradient norm is " + total);
        }
        double c = Math.min(1, maxNorm / (total + 1e-6));
        if (c < 1 || Double.isNaN(c)) {
            for (Parameter p : params) {
                Tensor g = p.grad();
                if (g == null) continue;
                OptimizerKernels.scale(g.data(), c);
            }
        }
        return total;
    }
}
