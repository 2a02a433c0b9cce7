package org.segrad.train;

import java.util.ArrayList;
import java.util.List;
import org.segrad.data.Geometry;
import org.segrad.data.Sample;

/**
 * Sliding-window inference with Gaussian-weighted blending, as MONAI's {@code sliding_window_inference(roi_size=(N, N),
 * overlap=F, mode="gaussian", sigma_scale=0.125)}.
 *
 * <p>Windows: along an axis of (padded) size S, the window is T = min(N, S) and the stride
 * s = max(1, ⌊T·(1 − F)⌋); the starts are min(i·s, S − T) for i = 0, 1, … until S − T is reached (the last window is
 * shifted back to end at the border, as MONAI does). Every pixel lies in at least one window.
 *
 * <p>Blending: each window's softmax probabilities p_w are accumulated as P(x) = Σ_w g_w(x)·p_w(x) / Σ_w g_w(x), with
 * the importance map g(r, c) = φ(r − ⌊T_h/2⌋)·φ(c − ⌊T_w/2⌋), φ(d) = exp(−d²/(2σ²)) for |d| ≤ 3σ (else 0), σ = 0.125·T
 * per axis, normalised to a maximum of 1, and zeros raised to the smallest non-zero weight (MONAI's
 * {@code compute_importance_map}; MONAI samples its Gaussian with an erf kernel, here it is sampled directly). The
 * label is the argmax of P (first maximum on ties).
 *
 * <p>Memory: one window's activations at a time (the workspace of the calling thread is reused window after window)
 * plus the output-sized accumulators P (K floats per pixel) and Σ g (one float per pixel): never a whole-image
 * activation. An image whose padded size fits one window is predicted whole by {@link Inference} (bit-identical to
 * whole-image inference).
 *
 * @param tile    window side N ≥ 1 (a multiple of the model's input multiple)
 * @param overlap overlap fraction F in [0, 1)
 */
public record SlidingWindow(int tile, double overlap) {
    /** MONAI's default {@code sigma_scale}. */
    public static final double SIGMA_SCALE = 0.125;

    /** Checks the arguments, naming the CLI flags. */
    public SlidingWindow {
        if (tile < 1) throw new IllegalArgumentException("--tile must be >= 1, got " + tile);
        if (!(overlap >= 0 && overlap < 1)) throw new IllegalArgumentException("--overlap must be in [0, 1), got " + overlap);
    }

    /** Whether an image of padded size {@code h × w} fits one window. */
    public boolean fitsOneTile(int h, int w) {
        return h <= tile && w <= tile;
    }

    /** Window starts along an axis of size {@code size} for a window of {@code t ≤ size}. */
    static int[] starts(int size, int t, double overlap) {
        int stride = Math.max(1, (int) (t * (1 - overlap)));
        List<Integer> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            int s = (int) Math.min((long) i * stride, size - t);
            out.add(s);
            if (s >= size - t) break;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The importance map of a {@code th × tw} window (row-major), maximum 1, every weight > 0. */
    static float[] importanceMap(int th, int tw) {
        double[] gr = gaussian(th), gc = gaussian(tw);
        float[] g = new float[th * tw];
        float minPositive = Float.MAX_VALUE;
        for (int r = 0; r < th; r++) {
            for (int c = 0; c < tw; c++) {
                float v = (float) (gr[r] * gc[c]);
                g[r * tw + c] = v;
                if (v > 0) minPositive = Math.min(minPositive, v);
            }
        }
        for (int i = 0; i < g.length; i++) if (g[i] == 0) g[i] = minPositive;
        return g;
    }

    private static double[] gaussian(int t) {
        double sigma = SIGMA_SCALE * t;
        int center = t / 2;
        double[] g = new double[t];
        for (int i = 0; i < t; i++) {
            double d = i - center;
            g[i] = Math.abs(d) <= 3 * sigma ? Math.exp(-d * d / (2 * sigma * sigma)) : 0;
        }
        return g;
    }

    /** Tiled prediction of {@code s} (padded by {@code pad}) with {@code inference}'s model. */
    Prediction predict(Inference inference, Sample s, Geometry.Padding pad) {
        int ph = pad.paddedH(), pw = pad.paddedW(), ch = s.channels();
        int th = Math.min(tile, ph), tw = Math.min(tile, pw);
        float[] image = Geometry.pad(s.image(), ch, s.h(), s.w(), pad);
        float[] g = importanceMap(th, tw);
        float[] acc = null;
        float[] wsum = new float[ph * pw];
        int k = 0;
        int phw = ph * pw, thw = th * tw;
        for (int top : starts(ph, th, overlap)) {
            for (int left : starts(pw, tw, overlap)) {
                float[] window = Geometry.crop(image, ch, ph, pw, top, left, th, tw);
                float[] p = inference.forwardSoftmax(window, ch, th, tw, false, true).p();
                if (acc == null) {
                    k = p.length / thw;
                    acc = new float[k * phw];
                }
                for (int r = 0; r < th; r++) {
                    int row = (top + r) * pw + left;
                    for (int c = 0; c < tw; c++) {
                        float wgt = g[r * tw + c];
                        wsum[row + c] += wgt;
                        for (int cls = 0; cls < k; cls++) acc[cls * phw + row + c] += wgt * p[cls * thw + r * tw + c];
                    }
                }
            }
        }
        image = null; // the padded input is no longer needed: let it go before the outputs are cut
        int[] labels = new int[phw];
        for (int i = 0; i < phw; i++) {
            float inv = wsum[i];
            int best = 0;
            float bv = Float.NEGATIVE_INFINITY;
            for (int cls = 0; cls < k; cls++) {
                float v = acc[cls * phw + i] / inv;
                acc[cls * phw + i] = v;
                if (v > bv) {
                    bv = v;
                    best = cls;
                }
            }
            labels[i] = best;
        }
        wsum = null;
        if (pad.isNone()) return new Prediction(labels, acc, k, s.h(), s.w());
        return new Prediction(pad.cropBack(labels), pad.cropBack(acc, k), k, s.h(), s.w());
    }
}
