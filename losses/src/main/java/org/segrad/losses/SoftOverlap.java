package org.segrad.losses;

import org.segrad.autodiff.DType;
import org.segrad.autodiff.Elementwise;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.ClassMapKernels;

/**
 * The shared core of Dice and Tversky: per reduction unit u (the batch, or one image) and class c,
 *
 * <pre>
 * TP = Σ_i m_i y_ic p_ic,  G = Σ_i m_i y_ic,  P = Σ_i m_i p_ic^q   (q = 2 when squared, else 1)
 * R_uc = (k·TP + s_nr) / (e·TP + a·P + b·G + s_dr)                   (D = 0: R = 0 if G = 0, else 1)
 * L = 1 − (1/|K|) Σ_{(u,c) ∈ K} R_uc                                  (L = 0 when K is empty)
 * ∂L/∂p_ic = −[(u,c) ∈ K] m_i (k y_ic − R_uc (e y_ic + a q p_ic^{q−1})) / (|K| D_uc)
 * </pre>
 * Dice: k = 2, e = 0, a = b = 1. Tversky: k = 1, e = 1 − α − β, a = α, b = β (FP = P − TP, FN = G − TP).
 * K holds the pairs whose class is kept ({@code include-background}) and, for {@code empty=skip}, has G > 0.
 * The gradient reaches z through the softmax Jacobian. A zero denominator D is reachable only when p underflows (or
 * every pixel of the unit is ignored, or α = β = 0): R then takes its limit, 0 for a class without target pixels
 * (0/P → 0 as P → 0) and 1 otherwise (TP/TP), with zero gradient, so float32 and float64 agree.
 */
final class SoftOverlap {
    final OverlapOptions o;
    final double k;
    final double e;
    final double a;
    final double b;
    final int q;

    private SoftOverlap(OverlapOptions o, double k, double e, double a, double b, int q) {
        this.o = o;
        this.k = k;
        this.e = e;
        this.a = a;
        this.b = b;
        this.q = q;
    }

    /** Dice or Tversky by name. */
    static SoftOverlap of(OverlapOptions o, String name) {
        return name.equals("tversky") ? tversky(o) : dice(o);
    }

    static SoftOverlap dice(OverlapOptions o) {
        return new SoftOverlap(o, 2, 0, 1, 1, o.squared() ? 2 : 1);
    }

    static SoftOverlap tversky(OverlapOptions o) {
        return new SoftOverlap(o, 1, 1 - o.alpha() - o.beta(), o.alpha(), o.beta(), 1);
    }

    private int units(LabelMap y) {
        return o.reduce() == LossOptions.Reduce.BATCH ? 1 : y.n;
    }

    private boolean perImage() {
        return o.reduce() != LossOptions.Reduce.BATCH;
    }

    /** G[u][c]: target pixel counts per unit and class. */
    private double[] counts(LabelMap y) {
        double[] g = new double[units(y) * y.classes];
        ClassMapKernels.countClasses(y.ids, y.classes, y.hw, perImage(), g);
        return g;
    }

    /** 1 for the kept (unit, class) pairs. */
    private double[] keptPairs(LabelMap y, double[] counts) {
        double[] kept = new double[counts.length];
        for (int j = 0; j < kept.length; j++) {
            int c = j % y.classes;
            boolean keep = (o.includeBackground() || c != 0) && (o.empty() == LossOptions.Empty.INCLUDE || counts[j] > 0);
            kept[j] = keep ? 1 : 0;
        }
        return kept;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }

    /** The loss as autodiff ops. */
    Tensor composite(Tensor z, LabelMap y) {
        DType dt = z.dtype();
        double[] counts = counts(y);
        double[] kept = keptPairs(y, counts);
        double nKept = sum(kept);
        if (nKept == 0) return Piece.zeroLike(z);
        int[] pairShape = units(y) == 1 ? new int[] {y.classes} : new int[] {y.n, y.classes};
        int[] axes = sumAxes(z.rank());
        Tensor p = z.softmax(1);
        Tensor pm = p.mul(y.mask(dt));
        Tensor tp = p.mul(y.oneHot(dt, null)).sum(axes, false);
        Tensor pq = (q == 2 ? pm.mul(p) : pm).sum(axes, false);
        Tensor gConst = Tensor.fromArray(scaled(counts, b, o.smoothDr()), pairShape).to(dt);
        Tensor den = pq.mul(a).add(gConst);
        if (e != 0) den = den.add(tp.mul(e));
        Tensor num = tp.mul(k).add(o.smoothNr());
        Tensor zero = Elementwise.map(den, v -> v == 0 ? 1 : 0);
        Tensor limit = Tensor.fromArray(zeroDenominatorLimit(counts), pairShape).to(dt);
        Tensor ratio = Elementwise.where(zero, limit, num.div(den.add(zero)));
        Tensor keptT = Tensor.fromArray(kept, pairShape).to(dt);
        return ratio.mul(keptT).sum().div(-nKept).add(1.0);
    }

    private int[] sumAxes(int rank) {
        boolean batch = o.reduce() == LossOptions.Reduce.BATCH;
        int[] axes = new int[batch ? rank - 1 : rank - 2];
        int j = 0;
        for (int ax = 0; ax < rank; ax++) if (ax != 1 && (batch || ax != 0)) axes[j++] = ax;
        return axes;
    }

    /** R where D = 0: 0 for a class without target pixels, 1 otherwise. */
    private static double[] zeroDenominatorLimit(double[] counts) {
        double[] out = new double[counts.length];
        for (int j = 0; j < out.length; j++) out[j] = counts[j] == 0 ? 0 : 1;
        return out;
    }

    private static double[] scaled(double[] v, double s, double add) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * s + add;
        return out;
    }

    /** The value and the analytic gradient with respect to the logits. */
    Piece piece(Probs pr) {
        LabelMap y = pr.y;
        int cls = y.classes;
        double[] counts = counts(y);
        double[] kept = keptPairs(y, counts);
        double nKept = sum(kept);
        double[] gz = new double[pr.p.length];
        if (nKept == 0) return new Piece(0, gz);
        double[] tp = new double[counts.length];
        double[] pq = new double[counts.length];
        ClassMapKernels.overlapSums(y.ids, cls, y.hw, perImage(), pr.p, q, tp, pq);
        double[] den = new double[counts.length];
        double[] ratio = new double[counts.length];
        double total = 0;
        for (int j = 0; j < den.length; j++) {
            den[j] = a * pq[j] + (b * counts[j] + o.smoothDr()) + e * tp[j];
            ratio[j] = den[j] == 0 ? (counts[j] == 0 ? 0 : 1) : (k * tp[j] + o.smoothNr()) / den[j];
            total += ratio[j] * kept[j];
        }
        double[] gp = new double[pr.p.length];
        ClassMapKernels.overlapGradient(y.ids, cls, y.hw, perImage(), pr.p, q, kept, den, ratio, k, e, a, nKept, gp);
        return new Piece(1 - total / nKept, pr.softmaxVjp(gp));
    }
}
