package org.segrad.losses;

import org.segrad.autodiff.Tensor;
import org.segrad.kernels.ClassMapKernels;

/**
 * The pixel mean of a per-pixel term over the pixels that are not ignored, optionally weighted by class
 * (w_i = m_i w_{t_i}, W = Σ_i w_i; without weights w_i = m_i):
 * <pre>
 * y = Σ_i w_i a_i / W          ∂a_i = ȳ w_i / W          (y = 0 and no gradient when W = 0)
 * </pre>
 */
final class MeanTerm extends Term {
    final Term a;
    final double[] weights;
    final int ignoreIndex;

    MeanTerm(Term a, double[] weights, int ignoreIndex) {
        if (!a.perPixel()) {
            throw new IllegalArgumentException("mean(" + a + "): '" + a + "' is already a scalar; mean averages a per-pixel term such as pt");
        }
        this.a = a;
        this.weights = weights;
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public boolean perPixel() {
        return false;
    }

    @Override
    Tensor buildComposite(TermContext c) {
        LabelMap y = c.labels(ignoreIndex);
        LossOptions.checkClassList("weights", weights, y.classes);
        double total = y.totalWeight(weights);
        if (total == 0) return Piece.zeroLike(c.z);
        return c.composite(a).mul(y.pixelWeights(c.z.dtype(), weights)).sum().div(total);
    }

    @Override
    Node buildAnalytic(TermContext c) {
        LabelMap y = c.labels(ignoreIndex);
        LossOptions.checkClassList("weights", weights, y.classes);
        double total = y.totalWeight(weights);
        Node x = c.analytic(a);
        if (total == 0) return Node.constant(new double[] {0}, false);
        double s = ClassMapKernels.weightedPixelSum(y.ids, weights, x.v);
        return Node.scalar(s / total, (up, gz) -> {
            double[] ua = new double[y.pixels()];
            ClassMapKernels.meanUpstream(y.ids, weights, up[0], total, ua);
            x.backward(ua, gz);
        });
    }

    @Override
    public String toString() {
        return (weights == null ? "mean(" : "wmean(") + a + ")";
    }
}
