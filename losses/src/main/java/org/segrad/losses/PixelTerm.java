package org.segrad.losses;

import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.ClassMapKernels;

/**
 * A per-pixel quantity (pixel i of the M = N·d1·… pixels; t_i its true class, k_i = argmax_c p_ic held constant, as
 * its gradient is 0 almost everywhere; ignored pixels take the neutral value shown and pass no gradient):
 * <pre>
 * pt            y_i = p_{i,t_i}                     ∂z_ij = p_{i,t}(δ_{jt} − p_ij)             ignored: 1
 * pm            y_i = p_{i,k_i}                     ∂z_ij = p_{i,k}(δ_{jk} − p_ij)             ignored: 1
 * 1 − pt        y_i = o_i = Σ_{c≠t_i} p_ic           ∂z_ij = p_ij((1 − δ_{jt}) − o_i)            ignored: 0
 * 1 − pm        y_i = Σ_{c≠k_i} p_ic                 ∂z_ij = p_ij((1 − δ_{jk}) − o_i)            ignored: 0
 * log(pt)       y_i = log p_{i,t_i} (log-softmax)   ∂z_ij = δ_{jt} − p_ij                      ignored: 0
 * w             y_i = w_{t_i} (class weights)       a constant                                 ignored: 0
 * </pre>
 * 1 − p and log p are computed from the other classes' mass and from log-softmax, so that they stay accurate where
 * p_t → 1 or p_t underflows: {@link Terms#sub} and {@link Terms#log} rewrite {@code 1 - pt} and {@code log(pt)} to them.
 */
final class PixelTerm extends Term {
    enum Kind { PT, PM, OTHER_T, OTHER_M, LOG_PT, CLASS_WEIGHT }

    final Kind kind;
    final int ignoreIndex;
    private final double[] weights;

    PixelTerm(Kind kind, int ignoreIndex, double[] weights) {
        this.kind = kind;
        this.ignoreIndex = ignoreIndex;
        this.weights = weights;
    }

    @Override
    public boolean perPixel() {
        return true;
    }

    /** k_i: the true class (pt, 1 − pt, log pt) or the arg-max (pm, 1 − pm); −1 where ignored. */
    private int[] classes(TermContext c) {
        boolean max = kind == Kind.PM || kind == Kind.OTHER_M;
        return c.probs(ignoreIndex).confidenceClass(max ? LossOptions.Confidence.MAX : LossOptions.Confidence.TRUE_CLASS);
    }

    @Override
    Tensor buildComposite(TermContext c) {
        LabelMap y = c.labels(ignoreIndex);
        DType dt = c.z.dtype();
        int[] one = {1};
        Tensor mask = y.pixelWeights(dt, null);
        return switch (kind) {
            case PT, PM -> c.z.softmax(1).mul(y.oneHotOf(classes(c), dt)).sum(one, false).add(Tensor.ones(dt).sub(mask));
            case OTHER_T, OTHER_M -> c.z.softmax(1).mul(Tensor.ones(dt).sub(y.oneHotOf(classes(c), dt))).sum(one, false).mul(mask);
            case LOG_PT -> c.z.logSoftmax(1).mul(y.oneHot(dt, null)).sum(one, false);
            case CLASS_WEIGHT -> {
                LossOptions.checkClassList("weights", weights, y.classes);
                yield y.pixelWeights(dt, weights);
            }
        };
    }

    @Override
    Node buildAnalytic(TermContext c) {
        Probs pr = c.probs(ignoreIndex);
        LabelMap y = pr.y;
        int[] k = classes(c);
        double[] v = switch (kind) {
            case PT, PM -> pr.gather(k, pr.p, 1);
            case OTHER_T, OTHER_M -> pr.otherMass(k, 0);
            case LOG_PT -> pr.gather(k, pr.logp, 0);
            case CLASS_WEIGHT -> new double[y.pixels()];
        };
        if (kind == Kind.CLASS_WEIGHT) {
            ClassMapKernels.pixelWeights(k, weights, v);
            LossOptions.checkClassList("weights", weights, y.classes);
            return Node.constant(v, true);
        }
        return Node.pixels(v, (up, gz) -> {
            switch (kind) {
                case PT, PM -> ClassMapKernels.addTrueGradient(k, y.classes, y.hw, pr.p, v, up, gz);
                case OTHER_T, OTHER_M -> ClassMapKernels.addOtherGradient(k, y.classes, y.hw, pr.p, v, up, 0, gz);
                // log pt, in the order of the composite's backward
                default -> ClassMapKernels.addLogTrueGradient(k, y.classes, y.hw, pr.p, up, true, gz);
            }
        });
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PT -> "pt";
            case PM -> "pm";
            case OTHER_T -> "(1 - pt)";
            case OTHER_M -> "(1 - pm)";
            case LOG_PT -> "log(pt)";
            case CLASS_WEIGHT -> "w";
        };
    }
}
