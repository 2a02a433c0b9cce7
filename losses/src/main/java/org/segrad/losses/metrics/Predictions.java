package org.segrad.losses.metrics;

import org.segrad.autodiff.Tensor;
import org.segrad.kernels.SoftmaxKernels;

/** From logits to a predicted mask. */
public final class Predictions {
    private Predictions() {}

    /** argmax over the class axis of logits [N, C, …] (first maximum on ties) → int[] in the layout [N, …]. */
    public static int[] argmax(Tensor logits) {
        if (logits.rank() < 2) throw new IllegalArgumentException("logits must have shape [N, C, ...], got rank " + logits.rank());
        int n = logits.dim(0), c = logits.dim(1), hw = n == 0 || c == 0 ? 0 : logits.numel() / (n * c);
        int[] out = new int[n * hw];
        SoftmaxKernels.argmax(logits.data(), n, c, hw, out);
        return out;
    }

    /** The integer class ids of a label tensor (values must be integers). */
    public static int[] labels(Tensor labels) {
        int[] out = new int[labels.numel()];
        for (int i = 0; i < out.length; i++) {
            double v = labels.get(i);
            if (v != Math.rint(v)) throw new IllegalArgumentException("labels[" + i + "] = " + v + " is not an integer class id");
            out[i] = (int) v;
        }
        return out;
    }
}
