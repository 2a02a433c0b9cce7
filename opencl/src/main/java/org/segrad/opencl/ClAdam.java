package org.segrad.opencl;

import static org.segrad.opencl.KernelSource.LOCAL_64;
import static org.segrad.opencl.KernelSource.SEGRAD;
import static org.segrad.opencl.KernelSource.items;
import static org.segrad.opencl.KernelSource.need;

/**
 * One Adam / AdamW step on an OpenCL device, float32 state, as {@code org.segrad.nn.optim.Adam} (PyTorch's formulas;
 * amsgrad is not implemented here):
 * <pre>
 * Adam: g ← g + λ·w;  AdamW: w ← w·(1 − lr·λ)
 * m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  w ← w − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * {@code t} is the step number starting at 1; the bias corrections are computed here in double.
 */
public final class ClAdam {
    private ClAdam() {}

    /** Updates w, m and v in place ({@code len} elements each) from gradient g. */
    public static void step(ClContext ctx, int len, ClBuffer w, ClBuffer g, ClBuffer m, ClBuffer v, long t, double lr,
                            double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        if (t < 1) throw new IllegalArgumentException("adam: step number must be >= 1, got " + t);
        for (ClBuffer b : new ClBuffer[] {w, g, m, v}) need("adam", "w/g/m/v", ctx, b, len);
        double stepSize = lr / (1 - Math.pow(beta1, t)), bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        ctx.launch(SEGRAD, "adam_step", items(len), LOCAL_64, len, w, g, m, v, (float) lr, (float) beta1, (float) beta2,
                (float) eps, (float) weightDecay, decoupled ? 1 : 0, (float) stepSize, (float) bc2Sqrt);
    }
}
