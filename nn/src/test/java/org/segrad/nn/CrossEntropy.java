package org.segrad.nn;

import org.segrad.autodiff.ShapeOps;
import org.segrad.autodiff.Softmax;
import org.segrad.autodiff.Tensor;

/** Test helper: mean pixel cross-entropy −(1/M) Σ_i log softmax(z)_{i, y_i}, composed from autodiff primitives. */
final class CrossEntropy {
    private CrossEntropy() {}

    static Tensor mean(Tensor logits, Tensor labels) {
        Tensor y = ShapeOps.oneHot(labels, logits.dim(1), logits.dtype());
        double m = (double) labels.numel();
        return Softmax.logSoftmax(logits, 1).mul(y).sum().mul(-1.0 / m);
    }
}
