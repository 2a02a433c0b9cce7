package org.segrad.losses;

/**
 * The options of the soft-overlap term (Dice, Tversky).
 *
 * @param reduce            batch: one unit, the whole batch; image: one unit per image
 * @param includeBackground keep class 0 in the mean over classes
 * @param smoothNr          s_nr ≥ 0 added to the numerator
 * @param smoothDr          s_dr ≥ 0 added to the denominator
 * @param squared           Σ p² in the denominator (Dice)
 * @param empty             skip or keep the (unit, class) pairs without target pixels
 * @param ignoreIndex       the label whose pixels leave the term, or {@link LossOptions#NO_IGNORE}
 * @param alpha             Tversky's α (weight of false positives); ½ for Dice
 * @param beta              Tversky's β (weight of false negatives); ½ for Dice
 */
record OverlapOptions(LossOptions.Reduce reduce, boolean includeBackground, double smoothNr, double smoothDr, boolean squared,
                      LossOptions.Empty empty, int ignoreIndex, double alpha, double beta) {
    /** Dice's options (alpha, beta not read), or Tversky's ({@code tversky = true}: alpha, beta default ½, no squared). */
    static OverlapOptions of(OptionValues v, boolean tversky) {
        return new OverlapOptions(v.choice("reduce", "batch", LossOptions.Reduce.class), v.bool("include-background", true),
                v.nonNegative("smooth-nr", 0), v.nonNegative("smooth-dr", 0), !tversky && v.bool("squared", false),
                v.choice("empty", "skip", LossOptions.Empty.class), v.ignoreIndex(),
                tversky ? v.nonNegative("alpha", 0.5) : 0.5, tversky ? v.nonNegative("beta", 0.5) : 0.5);
    }
}
