package org.segrad.losses;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parsed, validated options of one named loss (SPEC §4), built from {@code key=value} strings: the options of each
 * of its terms ({@link CeOptions}, {@link OverlapOptions}, {@link FocalOptions}, {@link CamlOptions}, and ce+dice's λ),
 * each term reading only its own. Absent keys take their defaults (listed in {@link TermRegistry}); a key the loss does
 * not accept, or a malformed value, is an {@link IllegalArgumentException} with one line naming the key, what was
 * expected and what was given.
 *
 * <p>The keys of each loss and term, their defaults and meanings are listed once, in {@link TermRegistry}.
 */
public final class LossOptions {
    /** Marker of "no ignore index". */
    public static final int NO_IGNORE = Integer.MIN_VALUE;

    public enum Reduce { BATCH, IMAGE }

    public enum Empty { SKIP, INCLUDE }

    public enum Confidence { TRUE_CLASS, MAX }

    public enum Granularity { BATCH, PIXEL }

    private final String loss;
    private final Map<String, String> raw;
    /** The options of the CE term (ce, ce+dice, ml, caml), else null. */
    final CeOptions ce;
    /** The options of the overlap term (dice, tversky, ce+dice, ml, caml), else null. */
    final OverlapOptions overlap;
    /** The options of focal, else null. */
    final FocalOptions focal;
    /** CAML's own options, else null. */
    final CamlOptions caml;
    /** λ of ce+dice (1 for the other losses). */
    final double lambda;

    private LossOptions(String loss, Map<String, String> options) {
        this.loss = loss;
        this.raw = new LinkedHashMap<>(options);
        Set<String> allowed = Losses.allowedOptions(loss);
        for (String key : options.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("loss " + loss + ": unknown option '" + key + "' (accepted: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
        OptionValues v = new OptionValues(loss, raw);
        boolean withCe = Set.of("ce", "ce+dice", "ml", "caml").contains(loss);
        boolean withOverlap = !loss.equals("ce") && !loss.equals("focal");
        overlap = withOverlap ? OverlapOptions.of(v, loss.equals("tversky")) : null;
        ce = withCe ? CeOptions.of(v) : null;
        lambda = v.nonNegative("lambda", 1);
        focal = loss.equals("focal") ? FocalOptions.of(v) : null;
        caml = loss.equals("caml") ? CamlOptions.of(v) : null;
    }

    /** Parses {@code options} for the loss {@code loss} (one of {@link Losses#names()}). */
    public static LossOptions parse(String loss, Map<String, String> options) {
        Losses.allowedOptions(loss);
        return new LossOptions(loss, options);
    }

    /** The defaults of {@code loss}. */
    public static LossOptions defaults(String loss) {
        return parse(loss, Map.of());
    }

    /** A copy with {@code key} set to {@code value} (validated like {@link #parse}). */
    public LossOptions with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(raw);
        m.put(key, value);
        return new LossOptions(loss, m);
    }

    /** The loss these options belong to. */
    public String loss() { return loss; }

    /** The options as given (keys in the order given). */
    public Map<String, String> asMap() { return Map.copyOf(raw); }

    @Override
    public String toString() { return loss + raw; }

    /** Checks a per-class list against the class count (null passes). */
    static void checkClassList(String key, double[] values, int classes) {
        if (values != null && values.length != 1 && values.length != classes) {
            throw new IllegalArgumentException("option " + key + " has " + values.length + " values but the logits have "
                    + classes + " classes");
        }
    }
}
