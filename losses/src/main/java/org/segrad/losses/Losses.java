package org.segrad.losses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Losses by CLI name or expression: {@code Losses.create("caml", Map.of("granularity", "pixel"))},
 * {@code Losses.create("ce + 0.5 * tversky(alpha=0.3, beta=0.7)", Map.of())}. Names and option
 * keys/values are validated with one-line {@link IllegalArgumentException}s; the training CLI and {@code segrad
 * compare} build their losses here.
 */
public final class Losses {
    private Losses() {}

    /** The loss names, in the order of SPEC §4. */
    public static List<String> names() {
        return TermRegistry.losses().stream().map(TermRegistry.Entry::name).toList();
    }

    /** The option keys that loss {@code name} accepts. */
    public static Set<String> allowedOptions(String name) {
        TermRegistry.Entry e = TermRegistry.loss(name);
        if (e == null) throw unknown(name);
        return Set.copyOf(e.keys());
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown loss '" + name + "' (expected one of " + String.join(", ", names()) + ")");
    }

    /**
     * Builds a loss from a name or a loss expression. A name ({@link #names()}) with its {@code options}
     * ({@code key → value} strings, see {@link LossOptions}) gives today's class with its fused kernel, exactly as
     * before; anything else is parsed by {@link LossExpressions#create} (the options then apply to every term of the
     * expression that accepts them). A single word that is neither a loss nor a term is an unknown loss.
     */
    public static SegLoss create(String nameOrExpression, Map<String, String> options) {
        String s = nameOrExpression.trim();
        if (TermRegistry.loss(s) != null) return create(LossOptions.parse(s, options));
        if (s.matches("[A-Za-z][A-Za-z0-9_]*") && TermRegistry.term(s) == null) throw unknown(s);
        return LossExpressions.create(nameOrExpression, options);
    }

    /** Builds the loss these options belong to. */
    public static SegLoss create(LossOptions o) {
        return switch (o.loss()) {
            case "ce" -> new CrossEntropyLoss(o);
            case "dice", "tversky" -> new OverlapLoss(o);
            case "ce+dice" -> new CeDiceLoss(o);
            case "focal" -> new FocalLoss(o);
            case "ml" -> new MultiplicativeLoss(o);
            case "caml" -> new CamlLoss(o);
            default -> throw new IllegalArgumentException("unknown loss '" + o.loss() + "'");
        };
    }

    /** Parses repeated {@code key=value} strings (as the CLI's {@code --option}) into an ordered map. */
    public static Map<String, String> parseOptions(List<String> keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("option '" + kv + "' must be key=value");
            String key = kv.substring(0, eq).trim();
            if (m.containsKey(key)) throw new IllegalArgumentException("option '" + key + "' is given twice");
            m.put(key, kv.substring(eq + 1).trim());
        }
        return m;
    }
}
