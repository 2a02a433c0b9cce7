package org.segrad.losses;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parsed, validated options of one loss (SPEC §4), built from {@code key=value} strings. Absent keys take their
 * defaults; a key the loss does not accept, or a malformed value, is an {@link IllegalArgumentException} with one
 * line naming the key, what was expected and what was given.
 *
 * <table>
 * <caption>keys</caption>
 * <tr><td>reduce</td><td>batch|image (Dice/Tversky sums over the batch, or per image then averaged); default batch</td></tr>
 * <tr><td>include-background</td><td>true|false: keep class 0 in the Dice/Tversky mean; default true</td></tr>
 * <tr><td>smooth-nr, smooth-dr</td><td>s_nr, s_dr ≥ 0 added to numerator / denominator; default 0</td></tr>
 * <tr><td>squared</td><td>true|false: Σ p² in the Dice denominator; default false</td></tr>
 * <tr><td>empty</td><td>skip|include: a class without target pixels in the reduction unit leaves the mean, or not; default skip</td></tr>
 * <tr><td>weights</td><td>comma-separated class weights of the CE term (PyTorch's weighted mean); default none</td></tr>
 * <tr><td>ignore-index</td><td>a label value whose pixels are left out of every term; default none</td></tr>
 * <tr><td>lambda</td><td>λ ≥ 0 of ce+dice; default 1</td></tr>
 * <tr><td>gamma</td><td>γ ≥ 0 of focal; default 2</td></tr>
 * <tr><td>alpha</td><td>focal: α_c, one value or one per class (default 1); tversky: α ≥ 0 (default 0.5);
 *     caml: auto, or a fixed exponent (ablations; default auto)</td></tr>
 * <tr><td>beta</td><td>tversky β ≥ 0; default 0.5</td></tr>
 * <tr><td>confidence</td><td>caml: true-class|max; default true-class</td></tr>
 * <tr><td>granularity</td><td>caml: batch|pixel; default batch</td></tr>
 * <tr><td>detach</td><td>caml: true|false (α a constant, or differentiated); default true</td></tr>
 * </table>
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
    final Reduce reduce;
    final boolean includeBackground;
    final double smoothNr;
    final double smoothDr;
    final boolean squared;
    final Empty empty;
    final double[] weights;
    final int ignoreIndex;
    final double lambda;
    final double gamma;
    final double[] focalAlpha;
    final double tverskyAlpha;
    final double tverskyBeta;
    final Confidence confidence;
    final Granularity granularity;
    final boolean detach;
    final double camlAlpha;

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
        reduce = choice("reduce", "batch", Reduce.class);
        includeBackground = bool("include-background", true);
        smoothNr = nonNegative("smooth-nr", 0);
        smoothDr = nonNegative("smooth-dr", 0);
        squared = bool("squared", false);
        empty = choice("empty", "skip", Empty.class);
        weights = list("weights");
        ignoreIndex = options.containsKey("ignore-index") ? integer("ignore-index") : NO_IGNORE;
        lambda = nonNegative("lambda", 1);
        gamma = nonNegative("gamma", 2);
        focalAlpha = loss.equals("focal") ? list("alpha") : null;
        tverskyAlpha = loss.equals("tversky") ? nonNegative("alpha", 0.5) : 0.5;
        tverskyBeta = nonNegative("beta", 0.5);
        confidence = choice("confidence", "true-class", Confidence.class);
        granularity = choice("granularity", "batch", Granularity.class);
        detach = bool("detach", true);
        camlAlpha = loss.equals("caml") && !options.getOrDefault("alpha", "auto").equals("auto")
                ? nonNegative("alpha", Double.NaN) : Double.NaN;
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

    // ------------------------------------------------------------ value parsing

    private String value(String key) {
        return raw.get(key).trim();
    }

    private boolean bool(String key, boolean dflt) {
        if (!raw.containsKey(key)) return dflt;
        String v = value(key).toLowerCase(Locale.ROOT);
        if (v.equals("true")) return true;
        if (v.equals("false")) return false;
        throw bad(key, "true or false");
    }

    private double nonNegative(String key, double dflt) {
        if (!raw.containsKey(key)) return dflt;
        double v = number(key, value(key), "a number >= 0");
        if (!(v >= 0) || Double.isInfinite(v)) throw bad(key, "a finite number >= 0");
        return v;
    }

    private int integer(String key) {
        try {
            return Integer.parseInt(value(key));
        } catch (NumberFormatException e) {
            throw bad(key, "an integer");
        }
    }

    private double[] list(String key) {
        if (!raw.containsKey(key)) return null;
        String[] parts = value(key).split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = number(key, parts[i].trim(), "comma-separated numbers >= 0");
            if (!(out[i] >= 0) || Double.isInfinite(out[i])) throw bad(key, "comma-separated finite numbers >= 0");
        }
        return out;
    }

    private double number(String key, String text, String expected) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw bad(key, expected);
        }
    }

    private <E extends Enum<E>> E choice(String key, String dflt, Class<E> type) {
        String v = raw.getOrDefault(key, dflt).trim();
        for (E e : type.getEnumConstants()) {
            if (cliName(e).equals(v)) return e;
        }
        String[] names = Arrays.stream(type.getEnumConstants()).map(LossOptions::cliName).toArray(String[]::new);
        throw bad(key, String.join(" or ", names));
    }

    static String cliName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private IllegalArgumentException bad(String key, String expected) {
        return new IllegalArgumentException("loss " + loss + ": option " + key + " must be " + expected + ", got '" + raw.get(key) + "'");
    }

    /** Checks a per-class list against the class count (null passes). */
    static void checkClassList(String key, double[] values, int classes) {
        if (values != null && values.length != 1 && values.length != classes) {
            throw new IllegalArgumentException("option " + key + " has " + values.length + " values but the logits have "
                    + classes + " classes");
        }
    }
}
