package org.segrad.losses;

/**
 * The options of the focal term.
 *
 * @param gamma       γ ≥ 0, the focusing exponent
 * @param alpha       α_c per class (null: 1; one value applies to all)
 * @param ignoreIndex the label whose pixels leave the term, or {@link LossOptions#NO_IGNORE}
 */
record FocalOptions(double gamma, double[] alpha, int ignoreIndex) {
    static FocalOptions of(OptionValues v) {
        return new FocalOptions(v.nonNegative("gamma", 2), v.list("alpha"), v.ignoreIndex());
    }
}
