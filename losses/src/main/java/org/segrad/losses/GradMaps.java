package org.segrad.losses;

import java.util.List;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.ClassMapKernels;

/**
 * Per-pixel gradient maps of a loss on one batch, for {@code segrad gradmap}: g_i = |∂L/∂z_{i,t_i}|, the magnitude
 * of the gradient on pixel i's true-class logit (analytic path, float64), and the share of the gradient mass
 * Σ_i g_i that falls on three kinds of pixels (the kinds overlap; ignored pixels belong to none and carry g = 0):
 * <ul>
 * <li><b>misclassified</b>: argmax_c p_ic ≠ t_i (first maximum on ties);</li>
 * <li><b>boundary</b>: a 4-neighbour in the last two axes (H, W) of the same image has another label;</li>
 * <li><b>confident-correct</b>: argmax_c p_ic = t_i and p_t(i) ≥ {@link #CONFIDENT}.</li>
 * </ul>
 * Share = Σ_{i in kind} g_i / Σ_i g_i (0 when the loss has no gradient). Labels of shape [N, H, W] or [N, …, H, W].
 */
public final class GradMaps {
    private GradMaps() {}

    /** p_t at or above which a correct pixel counts as confident. */
    public static final double CONFIDENT = 0.9;

    /** The map of one loss: g_i in the labels' layout, and the shares of the gradient mass. */
    public record GradMap(String loss, double[] magnitude, int[] shape, Shares shares) {}

    /** Shares of Σ_i g_i on misclassified, boundary and confident-correct pixels (each in [0, 1]). */
    public record Shares(double misclassified, double boundary, double confidentCorrect) {}

    /** The map of {@code loss} on (logits [N, C, …], labels [N, …]); {@code ignoreIndex} as in the loss options. */
    public static GradMap of(SegLoss loss, Tensor logits, Tensor labels, int ignoreIndex) {
        double[] g = trueLogitGradient(loss, logits, labels, ignoreIndex);
        return new GradMap(loss.name(), g, labels.shape(), shares(g, logits, labels, ignoreIndex));
    }

    /** g_i = |∂L/∂z_{i,t_i}| (0 on ignored pixels). */
    public static double[] trueLogitGradient(SegLoss loss, Tensor logits, Tensor labels, int ignoreIndex) {
        LabelMap y = LabelMap.of(logits, labels, ignoreIndex);
        Tensor grad = loss.analytic(logits, labels).gradient();
        double[] g = new double[y.pixels()];
        ClassMapKernels.gather(y.ids, y.classes, y.hw, grad.abs().toDoubleArray(), 0, g);
        return g;
    }

    /** The shares of Σ_i g_i on misclassified, boundary and confident-correct pixels. */
    public static Shares shares(double[] g, Tensor logits, Tensor labels, int ignoreIndex) {
        LabelMap y = LabelMap.of(logits, labels, ignoreIndex);
        Probs pr = new Probs(logits, y);
        int[] argmax = pr.confidenceClass(LossOptions.Confidence.MAX);
        boolean[] boundary = boundary(y, labels.shape());
        double total = 0, mis = 0, edge = 0, sure = 0;
        for (int i = 0; i < g.length; i++) {
            int t = y.ids[i];
            if (t < 0) continue;
            total += g[i];
            if (argmax[i] != t) mis += g[i];
            else if (pr.p[y.at(i, t)] >= CONFIDENT) sure += g[i];
            if (boundary[i]) edge += g[i];
        }
        return total == 0 ? new Shares(0, 0, 0) : new Shares(mis / total, edge / total, sure / total);
    }

    /** Pixels with a 4-neighbour (last two axes) of another label; ignored neighbours do not count. */
    static boolean[] boundary(LabelMap y, int[] labelShape) {
        int w = labelShape.length >= 2 ? labelShape[labelShape.length - 1] : 1;
        int h = labelShape.length >= 3 ? labelShape[labelShape.length - 2] : 1;
        int plane = h * w;
        boolean[] out = new boolean[y.pixels()];
        for (int i = 0; i < out.length; i++) {
            int t = y.ids[i];
            if (t < 0) continue;
            int r = (i % plane) / w, c = i % w;
            out[i] = differs(y, t, r > 0 ? i - w : -1) || differs(y, t, r < h - 1 ? i + w : -1)
                    || differs(y, t, c > 0 ? i - 1 : -1) || differs(y, t, c < w - 1 ? i + 1 : -1);
        }
        return out;
    }

    private static boolean differs(LabelMap y, int t, int j) {
        return j >= 0 && y.ids[j] >= 0 && y.ids[j] != t;
    }

    /** [lo, hi] of the positive magnitudes over all maps: the shared log colour scale (NaN, NaN if none). */
    public static double[] sharedLogScale(List<GradMap> maps) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (GradMap m : maps) {
            for (double v : m.magnitude()) {
                if (v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return hi == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {lo, hi};
    }
}
