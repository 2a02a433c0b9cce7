package org.segrad.losses;

import java.util.Map;

/**
 * Builds terms: the base terms (loss kernels, batch statistics, per-pixel probabilities) and the combinators. Each
 * combinator's rule is written once per face in {@link UnaryTerm}, {@link BinaryTerm} and {@link MeanTerm}.
 *
 * <p>Two rewrites are exact in real arithmetic and keep the float64 faces accurate: {@code 1 - pt} becomes the other
 * classes' mass Σ_{c≠t} p_c (no cancellation as p_t → 1), and {@code log(pt)} becomes log-softmax (no underflow as
 * p_t → 0); {@code 1 - mean(x)} becomes {@code mean(1 - x)} so that the first applies inside {@code pbar} (the two
 * differ only when every pixel is ignored: 1 against 0). Constants fold.
 */
public final class Terms {
    private Terms() {}

    /** No ignore index. */
    public static final int NO_IGNORE = LossOptions.NO_IGNORE;

    /** Cross-entropy with its options ({@code weights}, {@code ignore-index}). */
    public static Term ce(Map<String, String> options) {
        return new KernelTerm("ce", options);
    }

    /** Soft Dice loss with its options ({@code reduce}, {@code include-background}, {@code squared}, …). */
    public static Term dice(Map<String, String> options) {
        return new KernelTerm("dice", options);
    }

    /** Soft Tversky loss with its options ({@code alpha}, {@code beta}, and the Dice options but {@code squared}). */
    public static Term tversky(Map<String, String> options) {
        return new KernelTerm("tversky", options);
    }

    /** Focal loss with its options ({@code gamma}, {@code alpha}, {@code ignore-index}). */
    public static Term focal(Map<String, String> options) {
        return new KernelTerm("focal", options);
    }

    /** Per pixel: the true-class probability p_t(i) (1 on ignored pixels). */
    public static Term pt(int ignoreIndex) {
        return new PixelTerm(PixelTerm.Kind.PT, ignoreIndex, null);
    }

    /** Per pixel: the largest class probability max_c p_ic, its arg-max held constant (1 on ignored pixels). */
    public static Term pm(int ignoreIndex) {
        return new PixelTerm(PixelTerm.Kind.PM, ignoreIndex, null);
    }

    /** Per pixel: the class weight w_{t_i} (0 on ignored pixels); a constant. */
    public static Term classWeights(double[] weights, int ignoreIndex) {
        return new PixelTerm(PixelTerm.Kind.CLASS_WEIGHT, ignoreIndex, weights);
    }

    /** p̄ = mean(pt): the batch's mean true-class probability. */
    public static Term pbar(int ignoreIndex) {
        return new NamedTerm("pbar", mean(pt(ignoreIndex), ignoreIndex));
    }

    /** The batch's mean largest probability, mean(pm). */
    public static Term pmax(int ignoreIndex) {
        return new NamedTerm("pmax", mean(pm(ignoreIndex), ignoreIndex));
    }

    /** The mean Dice coefficient D = 1 − L_Dice, with the Dice options given. */
    public static Term dicecoef(Map<String, String> diceOptions) {
        return dicecoef(dice(diceOptions));
    }

    /** D = 1 − dice for a given Dice term (shared, so that its faces are computed once). */
    static Term dicecoef(Term dice) {
        String s = dice.toString();
        return new NamedTerm(s.equals("dice") ? "dicecoef" : "dicecoef" + s.substring(4), sub(constant(1), dice));
    }

    public static Term constant(double c) {
        return new ConstTerm(c);
    }

    public static Term add(Term a, Term b) {
        return fold(BinaryTerm.Op.ADD, a, b);
    }

    public static Term sub(Term a, Term b) {
        if (a.unwrap() instanceof ConstTerm one && one.value == 1) {
            Term x = b.unwrap();
            if (x instanceof PixelTerm p && (p.kind == PixelTerm.Kind.PT || p.kind == PixelTerm.Kind.PM)) {
                return new PixelTerm(p.kind == PixelTerm.Kind.PT ? PixelTerm.Kind.OTHER_T : PixelTerm.Kind.OTHER_M, p.ignoreIndex, null);
            }
            if (x instanceof MeanTerm m && m.weights == null) {
                return new NamedTerm("(1 - " + b + ")", new MeanTerm(sub(a, m.a), null, m.ignoreIndex));
            }
        }
        return fold(BinaryTerm.Op.SUB, a, b);
    }

    public static Term mul(Term a, Term b) {
        return fold(BinaryTerm.Op.MUL, a, b);
    }

    /** c · a. */
    public static Term scale(double c, Term a) {
        return mul(constant(c), a);
    }

    public static Term div(Term a, Term b) {
        return fold(BinaryTerm.Op.DIV, a, b);
    }

    /** a^b, b a term (its gradient flows unless detached). */
    public static Term pow(Term a, Term b) {
        return fold(BinaryTerm.Op.POW, a, b);
    }

    /** a^k, k a constant. */
    public static Term pow(Term a, double k) {
        return pow(a, constant(k));
    }

    public static Term neg(Term a) {
        if (a.unwrap() instanceof ConstTerm c) return constant(-c.value);
        return new UnaryTerm(UnaryTerm.Op.NEG, a);
    }

    public static Term log(Term a) {
        if (a.unwrap() instanceof PixelTerm p && p.kind == PixelTerm.Kind.PT) return new PixelTerm(PixelTerm.Kind.LOG_PT, p.ignoreIndex, null);
        if (a.unwrap() instanceof ConstTerm c) return constant(Math.log(c.value));
        return new UnaryTerm(UnaryTerm.Op.LOG, a);
    }

    public static Term exp(Term a) {
        if (a.unwrap() instanceof ConstTerm c) return constant(Math.exp(c.value));
        return new UnaryTerm(UnaryTerm.Op.EXP, a);
    }

    /** A stop-gradient: the value of a, no gradient. */
    public static Term detach(Term a) {
        return a.unwrap() instanceof ConstTerm ? a : new UnaryTerm(UnaryTerm.Op.DETACH, a);
    }

    /** The mean of a per-pixel term over the pixels not ignored. */
    public static Term mean(Term a, int ignoreIndex) {
        return new MeanTerm(a, null, ignoreIndex);
    }

    /** The class-weighted mean Σ_i w_{t_i} a_i / Σ_i w_{t_i} over the pixels not ignored (null weights: {@link #mean}). */
    public static Term weightedMean(Term a, double[] weights, int ignoreIndex) {
        return new MeanTerm(a, weights, ignoreIndex);
    }

    private static Term fold(BinaryTerm.Op op, Term a, Term b) {
        if (a.unwrap() instanceof ConstTerm x && b.unwrap() instanceof ConstTerm y) {
            return constant(switch (op) {
                case ADD -> x.value + y.value;
                case SUB -> x.value - y.value;
                case MUL -> x.value * y.value;
                case DIV -> x.value / y.value;
                case POW -> Math.pow(x.value, y.value);
            });
        }
        return new BinaryTerm(op, a, b);
    }
}
