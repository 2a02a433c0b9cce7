package org.segrad.losses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one list of what a loss can be built from: the named losses (their declarations are {@link Declarations}) and
 * the terms of the expression language, each with the options it owns and their defaults. {@link Losses} validates
 * option keys against it, the parser builds terms from it, and {@link #markdown()} / {@link #help()} render it for
 * docs/losses.md and the CLI's help.
 */
public final class TermRegistry {
    private TermRegistry() {}

    /** One option: its key, its default (as typed on the command line; "none" = unset) and what it does. */
    public record Option(String key, String defaultValue, String doc) {}

    /** What an entry is. */
    public enum Kind { LOSS, TERM, STATISTIC, PER_PIXEL }

    /** One named thing: a loss name, or a term of the expression language. */
    public record Entry(String name, Kind kind, String formula, List<Option> options, Function<Map<String, String>, Term> factory) {
        /** The option keys it accepts. */
        public Set<String> keys() {
            Set<String> s = new LinkedHashSet<>();
            for (Option o : options) s.add(o.key());
            return s;
        }

        /** Builds the term with {@code options} (keys validated here, values by the term). */
        public Term create(Map<String, String> options) {
            for (String k : options.keySet()) {
                if (!keys().contains(k)) {
                    throw new IllegalArgumentException((kind == Kind.LOSS ? "loss " : "term ") + name + ": unknown option '" + k
                            + "' (accepted: " + String.join(", ", new java.util.TreeSet<>(keys())) + ")");
                }
            }
            return factory.apply(options);
        }
    }

    private static final Option IGNORE = new Option("ignore-index", "none", "a label whose pixels leave every term");
    private static final Option WEIGHTS = new Option("weights", "none", "class weights of CE, comma-separated (PyTorch's weighted mean)");
    private static final List<Option> OVERLAP = List.of(
            new Option("reduce", "batch", "batch: sums over the whole batch (the paper); image: per image, then averaged"),
            new Option("include-background", "true", "keep class 0 in the mean over classes"),
            new Option("smooth-nr", "0", "s_nr ≥ 0 added to the numerator"),
            new Option("smooth-dr", "0", "s_dr ≥ 0 added to the denominator"),
            new Option("empty", "skip", "skip: a class without target pixels in its unit leaves the mean; include: keep it"),
            IGNORE);
    private static final List<Option> DICE = concat(OVERLAP, List.of(new Option("squared", "false", "Σ p² in the denominator")));
    private static final List<Option> TVERSKY = concat(OVERLAP, List.of(
            new Option("alpha", "0.5", "α ≥ 0, the weight of false positives"),
            new Option("beta", "0.5", "β ≥ 0, the weight of false negatives")));
    private static final List<Option> CE = List.of(WEIGHTS, IGNORE);
    private static final List<Option> FOCAL = List.of(
            new Option("gamma", "2", "γ ≥ 0, the focusing exponent (0 = CE)"),
            new Option("alpha", "1", "α_c: one value, or one per class, comma-separated"),
            IGNORE);
    private static final List<Option> ML = concat(CE, DICE);
    private static final List<Option> CAML = concat(ML, List.of(
            new Option("confidence", "true-class", "true-class: p̄ from p_t; max: from max_c p_c"),
            new Option("granularity", "batch", "batch: one α = (1 − p̄)^D; pixel: α_i = (1 − p_t(i))^D per pixel"),
            new Option("detach", "true", "true: α is a constant (stop-gradient); false: differentiated through"),
            new Option("alpha", "auto", "auto, or a fixed exponent (1 = ml)")));
    private static final List<Option> PIXELS = List.of(IGNORE);

    private static final Map<String, Entry> LOSSES = new LinkedHashMap<>();
    private static final Map<String, Entry> TERMS = new LinkedHashMap<>();

    static {
        loss("ce", "−(1/M) Σ_i log p_t(i)", CE);
        loss("dice", "1 − mean_c 2 Σ y p / (Σ y + Σ p)", DICE);
        loss("ce+dice", "ce + λ · dice", concat(ML, List.of(new Option("lambda", "1", "λ ≥ 0, the weight of the Dice term"))));
        loss("focal", "mean((1 − pt)^γ · −log pt)", FOCAL);
        loss("tversky", "1 − mean_c TP / (TP + α FP + β FN)", TVERSKY);
        loss("ml", "dice · ce", ML);
        loss("caml", "dice · ce ^ detach((1 − pbar) ^ dicecoef)", CAML);

        term("ce", Kind.TERM, "cross-entropy, −Σ_i m_i w_t log p_t / Σ_i m_i w_t", CE, Terms::ce);
        term("dice", Kind.TERM, "soft Dice loss, 1 − mean_K (2TP + s_nr) / (G + P + s_dr)", DICE, Terms::dice);
        term("tversky", Kind.TERM, "soft Tversky loss, 1 − mean_K (TP + s_nr) / (TP + α FP + β FN + s_dr)", TVERSKY, Terms::tversky);
        term("focal", Kind.TERM, "focal loss, (1/M') Σ_i α_t (1 − p_t)^γ (−log p_t)", FOCAL, Terms::focal);
        term("ml", Kind.TERM, "the named loss ml, dice · ce", ML, o -> Declarations.of("ml", o));
        term("caml", Kind.TERM, "the named loss caml (a reading, see CAML below)", CAML, o -> Declarations.of("caml", o));
        term("pbar", Kind.STATISTIC, "mean true-class probability, mean(pt)", PIXELS, o -> Terms.pbar(ignore(o)));
        term("pmax", Kind.STATISTIC, "mean largest probability, mean(pm)", PIXELS, o -> Terms.pmax(ignore(o)));
        term("dicecoef", Kind.STATISTIC, "mean Dice coefficient, 1 − dice", DICE, Terms::dicecoef);
        term("pt", Kind.PER_PIXEL, "true-class probability p_t(i)", PIXELS, o -> Terms.pt(ignore(o)));
        term("pm", Kind.PER_PIXEL, "largest probability max_c p_ic (arg-max held constant)", PIXELS, o -> Terms.pm(ignore(o)));
    }

    private static void loss(String name, String formula, List<Option> options) {
        LOSSES.put(name, new Entry(name, Kind.LOSS, formula, options, o -> Declarations.of(name, o)));
    }

    private static void term(String name, Kind kind, String formula, List<Option> options, Function<Map<String, String>, Term> f) {
        TERMS.put(name, new Entry(name, kind, formula, options, f));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        for (T t : b) if (!out.contains(t)) out.add(t);
        return List.copyOf(out);
    }

    static int ignore(Map<String, String> o) {
        String v = o.get("ignore-index");
        if (v == null) return LossOptions.NO_IGNORE;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option ignore-index must be an integer, got '" + v + "'");
        }
    }

    /** The named losses, in the order of SPEC §4. */
    public static List<Entry> losses() {
        return List.copyOf(LOSSES.values());
    }

    /** The terms of the expression language. */
    public static List<Entry> terms() {
        return List.copyOf(TERMS.values());
    }

    /** The named loss {@code name}, or null. */
    public static Entry loss(String name) {
        return LOSSES.get(name);
    }

    /** The term {@code name} of the expression language, or null. */
    public static Entry term(String name) {
        return TERMS.get(name);
    }

    /** The registry as Markdown: one table of the named losses and one of the terms, each option with its default. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| loss | definition | options (default) |\n|---|---|---|\n");
        for (Entry e : LOSSES.values()) row(sb, e);
        sb.append("\n| term | kind | definition | options (default) |\n|---|---|---|---|\n");
        for (Entry e : TERMS.values()) {
            sb.append("| `").append(e.name()).append("` | ").append(kindName(e.kind())).append(" | ").append(e.formula()).append(" | ")
                    .append(optionList(e)).append(" |\n");
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, Entry e) {
        sb.append("| `").append(e.name()).append("` | ").append(e.formula()).append(" | ").append(optionList(e)).append(" |\n");
    }

    private static String optionList(Entry e) {
        List<String> parts = new ArrayList<>();
        for (Option o : e.options()) parts.add("`" + o.key() + "` (" + o.defaultValue() + ")");
        return parts.isEmpty() ? "–" : String.join(", ", parts);
    }

    private static String kindName(Kind k) {
        return k.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Plain-text help: each loss and term with its options, defaults and what they do. */
    public static String help() {
        StringBuilder sb = new StringBuilder("Losses (a name, or an expression of the terms below):\n");
        for (Entry e : LOSSES.values()) helpEntry(sb, e);
        sb.append("\nTerms of loss expressions (combine with + - * / ^, detach() log() exp() mean()):\n");
        for (Entry e : TERMS.values()) helpEntry(sb, e);
        return sb.toString();
    }

    private static void helpEntry(StringBuilder sb, Entry e) {
        sb.append(String.format("  %-9s %s%n", e.name(), e.formula()));
        for (Option o : e.options()) sb.append(String.format("      %-19s default %-10s %s%n", o.key(), o.defaultValue(), o.doc()));
    }
}
