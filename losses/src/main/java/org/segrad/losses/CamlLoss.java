package org.segrad.losses;

import java.util.Arrays;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.ClassMapKernels;
import org.segrad.kernels.ExpressionKernels;

/**
 * {@code caml}: Confidence-Adaptive Multiplicative Loss, a reading of Yokoi &amp; Hotta 2025 (the paper's exact
 * equation is not available, only its abstract; see docs/losses.md for what each variant assumes).
 *
 * <pre>
 * o_i = Σ_{c≠k_i} p_ic = 1 − conf_i   (k_i = y_i for confidence=true-class, argmax_c p_ic for confidence=max)
 * D   = 1 − L_Dice                    (the mean Dice coefficient)
 * granularity=batch:  ū = max((1/M) Σ_i o_i, ε),  α = ū^D,  L = L_Dice · max(L_CE, ε)^α
 *   ∂L = ℓ^α ∂L_Dice + L_Dice ℓ^α [ (α/ℓ) ∂L_CE + log ℓ · ∂α ]
 *   ∂α = 0 (detach=true)  or  α [ −log ū · ∂L_Dice + (D/ū) ∂ū ] (detach=false),  ∂o_i/∂z_ij = p_ij((1 − [j=k_i]) − o_i)
 * granularity=pixel:  α_i = max(o_i, ε)^D,  ℓ_i = max(−log p_t(i), ε),  L = L_Dice · Σ_i w_i ℓ_i^{α_i} / Σ_i w_i
 *   ∂L = A ∂L_Dice + (L_Dice/W) Σ_i w_i ℓ_i^{α_i} [ (α_i/ℓ_i)(p_i − y_i) + log ℓ_i · ∂α_i ]
 * </pre>
 * ε = 1e-30 keeps x^α differentiable at x = 0 (extreme logits); the gradient is 0 below it. {@code alpha=NUMBER}
 * fixes α (α = 1 gives ML). w_i are the CE class weights. Every option of {@link MultiplicativeLoss} applies.
 */
public final class CamlLoss implements SegLoss {
    static final double FLOOR = FocalLoss.FLOOR;
    private final LossOptions options;
    private final CrossEntropyLoss ce;
    private final SoftOverlap dice;

    public CamlLoss(LossOptions options) {
        this.options = options;
        this.ce = new CrossEntropyLoss(options);
        this.dice = SoftOverlap.dice(options.overlap);
    }

    @Override
    public String name() { return "caml"; }

    @Override
    public LossOptions options() { return options; }

    private boolean fixedAlpha() { return !Double.isNaN(options.caml.alpha()); }

    private boolean pixel() { return options.caml.granularity() == LossOptions.Granularity.PIXEL; }

    @Override
    public Tensor forward(Tensor z, Tensor labels) {
        LabelMap y = ce.labels(z, labels);
        double total = y.totalWeight(options.ce.weights());
        if (y.kept == 0 || total == 0) return Piece.zeroLike(z);
        DType dt = z.dtype();
        Tensor ld = dice.composite(z, y);
        Tensor d = ld.neg().add(1.0);
        int[] k = new Probs(z, y).confidenceClass(options.caml.confidence());
        Tensor other = z.softmax(1).mul(Tensor.ones(dt).sub(y.oneHotOf(k, dt))).sum(new int[] {1}, false);
        Tensor factor;
        if (!pixel()) {
            Tensor ubar = other.mul(y.pixelWeights(dt, null)).sum().div(y.kept).clamp(FLOOR, Double.MAX_VALUE);
            Tensor alpha = fixedAlpha() ? Tensor.scalar(options.caml.alpha(), dt) : d.mul(ubar.log()).exp();
            if (options.caml.detach()) alpha = alpha.detach();
            factor = alpha.mul(ce.composite(z, y).clamp(FLOOR, Double.MAX_VALUE).log()).exp();
        } else {
            Tensor ell = z.logSoftmax(1).mul(y.oneHot(dt, null)).sum(new int[] {1}, false).neg().clamp(FLOOR, Double.MAX_VALUE);
            Tensor alpha = fixedAlpha() ? Tensor.full(dt, options.caml.alpha(), other.shape())
                    : d.mul(other.clamp(FLOOR, Double.MAX_VALUE).log()).exp();
            if (options.caml.detach()) alpha = alpha.detach();
            factor = alpha.mul(ell.log()).exp().mul(y.pixelWeights(dt, options.ce.weights())).sum().div(total);
        }
        return ld.mul(factor);
    }

    @Override
    public LossValue analytic(Tensor z, Tensor labels) {
        LabelMap y = ce.labels(z, labels);
        Probs pr = new Probs(z, y);
        double total = y.totalWeight(options.ce.weights());
        if (y.kept == 0 || total == 0) return new Piece(0, new double[pr.p.length]).toLossValue(z.shape());
        Piece dp = dice.piece(pr);
        double ld = dp.value(), d = -ld + 1;
        int[] k = pr.confidenceClass(options.caml.confidence());
        double[] o = pr.otherMass(k, 1);
        boolean diffAlpha = !options.caml.detach() && !fixedAlpha();
        Piece out = pixel() ? pixelPiece(pr, dp, d, k, o, total, diffAlpha) : batchPiece(pr, dp, d, k, o, diffAlpha);
        return out.toLossValue(z.shape());
    }

    private Piece batchPiece(Probs pr, Piece dp, double d, int[] k, double[] o, boolean diffAlpha) {
        LabelMap y = pr.y;
        double ld = dp.value();
        Piece c = ce.piece(pr);
        double sumO = ClassMapKernels.weightedPixelSum(y.ids, null, o);
        double ubarRaw = sumO / y.kept, ubar = Math.max(ubarRaw, FLOOR);
        double alpha = fixedAlpha() ? options.caml.alpha() : Math.exp(d * Math.log(ubar));
        double ell = Math.max(c.value(), FLOOR);
        double pw = Math.exp(alpha * Math.log(ell));
        double dCoef = pw;
        double[] g = new double[c.grad().length];
        if (c.value() >= FLOOR) ce.addGradient(pr, ld * pw * alpha / ell, g);
        if (diffAlpha) {
            double dAlpha = ld * pw * Math.log(ell);
            dCoef -= dAlpha * alpha * Math.log(ubar);
            if (ubarRaw >= FLOOR) addOtherGradient(pr, k, o, null, dAlpha * alpha * d / ubar / y.kept, g);
        }
        ExpressionKernels.addScaled(g, dCoef, dp.grad());
        return new Piece(ld * pw, g);
    }

    private Piece pixelPiece(Probs pr, Piece dp, double d, int[] k, double[] o, double total, boolean diffAlpha) {
        LabelMap y = pr.y;
        double ld = dp.value();
        double[] g = new double[pr.p.length];
        double[] oCoef = new double[o.length], logPt = pr.gather(y.ids, pr.logp, 0), ceCoef = new double[o.length];
        int[] ceClass = new int[o.length];
        Arrays.fill(ceClass, -1);
        double a = 0, s = 0;
        for (int i = 0; i < o.length; i++) {
            int t = y.ids[i];
            if (t < 0) continue;
            double w = LabelMap.classWeight(options.ce.weights(), t) / total;
            double raw = -logPt[i];
            double ell = Math.max(raw, FLOOR);
            double ut = Math.max(o[i], FLOOR);
            double alpha = fixedAlpha() ? options.caml.alpha() : Math.exp(d * Math.log(ut));
            double term = Math.exp(alpha * Math.log(ell));
            a += LabelMap.classWeight(options.ce.weights(), t) * term;
            if (raw >= FLOOR) {
                // (p − y)·coef, evaluated in the order of the composite's backward: α ℓ^{α−1} amplifies the rounding
                // of p − y by 1/ℓ for confident pixels, so the two paths agree only when they round alike.
                ceCoef[i] = -(ld / total * LabelMap.classWeight(options.ce.weights(), t) * term * alpha / ell);
                ceClass[i] = t;
            }
            if (diffAlpha) {
                double dAlpha = w * term * Math.log(ell) * alpha;
                s += dAlpha * Math.log(ut);
                if (o[i] >= FLOOR) oCoef[i] = ld * dAlpha * d / ut;
            }
        }
        ClassMapKernels.addLogTrueGradient(ceClass, y.classes, y.hw, pr.p, ceCoef, false, g);
        a /= total;
        if (diffAlpha) addOtherGradient(pr, k, o, oCoef, 0, g);
        double dCoef = a - ld * s;
        ExpressionKernels.addScaled(g, dCoef, dp.grad());
        return new Piece(ld * a, g);
    }

    /** g += Σ_i coef_i ∂o_i/∂z with ∂o_i/∂z_ij = p_ij((1 − [j = k_i]) − o_i); coef_i = perPixel[i] or {@code same}. */
    private static void addOtherGradient(Probs pr, int[] k, double[] o, double[] perPixel, double same, double[] g) {
        ClassMapKernels.addOtherGradient(k, pr.y.classes, pr.y.hw, pr.p, o, perPixel, same, g);
    }
}
