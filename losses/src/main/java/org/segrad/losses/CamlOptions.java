package org.segrad.losses;

/**
 * The options CAML adds to ML's (its CE and Dice factors keep their own).
 *
 * @param confidence  p̄ from the true class or from the arg-max
 * @param granularity one α for the batch, or one per pixel
 * @param detach      α a constant (stop-gradient), or differentiated
 * @param alpha       a fixed exponent (ablations), or NaN for auto
 */
record CamlOptions(LossOptions.Confidence confidence, LossOptions.Granularity granularity, boolean detach, double alpha) {
    static CamlOptions of(OptionValues v) {
        return new CamlOptions(v.choice("confidence", "true-class", LossOptions.Confidence.class),
                v.choice("granularity", "batch", LossOptions.Granularity.class), v.bool("detach", true),
                v.autoOrNonNegative("alpha"));
    }

    boolean fixedAlpha() {
        return !Double.isNaN(alpha);
    }
}
