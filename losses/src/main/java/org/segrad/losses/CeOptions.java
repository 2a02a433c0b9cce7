package org.segrad.losses;

/**
 * The options of the cross-entropy term.
 *
 * @param weights     class weights w_c (null: 1 for every class; one value applies to all)
 * @param ignoreIndex the label whose pixels leave the term, or {@link LossOptions#NO_IGNORE}
 */
record CeOptions(double[] weights, int ignoreIndex) {
    static CeOptions of(OptionValues v) {
        return new CeOptions(v.list("weights"), v.ignoreIndex());
    }
}
