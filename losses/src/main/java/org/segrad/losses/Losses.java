package org.segrad.losses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry of losses by CLI name: {@code Losses.create("caml", Map.of("granularity", "pixel"))}. Names and option
 * keys/values are validated with one-line {@link IllegalArgumentException}s; the training CLI and {@code segrad
 * compare} build their losses here.
 */
public final class Losses {
    private Losses() {}

    private static final Set<String> CE = Set.of("weights", "ignore-index");
    private static final Set<String> OVERLAP = Set.of("reduce", "include-background", "smooth-nr", "smooth-dr", "empty", "ignore-index");
    private static final Set<String> DICE = union(OVERLAP, Set.of("squared"));
    private static final Set<String> ML = union(CE, DICE);

    private static final Map<String, Set<String>> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("ce", CE);
        OPTIONS.put("dice", DICE);
        OPTIONS.put("ce+dice", union(ML, Set.of("lambda")));
        OPTIONS.put("focal", Set.of("gamma", "alpha", "ignore-index"));
        OPTIONS.put("tversky", union(OVERLAP, Set.of("alpha", "beta")));
        OPTIONS.put("ml", ML);
        OPTIONS.put("caml", union(ML, Set.of("confidence", "granularity", "detach", "alpha")));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }

    /** The loss names, in the order of SPEC §4. */
    public static List<String> names() {
        return List.copyOf(OPTIONS.keySet());
    }

    /** The option keys that loss {@code name} accepts. */
    public static Set<String> allowedOptions(String name) {
        Set<String> s = OPTIONS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown loss '" + name + "' (expected one of " + String.join(", ", names()) + ")");
        }
        return s;
    }

    /** Builds loss {@code name} with {@code options} ({@code key → value} strings, see {@link LossOptions}). */
    public static SegLoss create(String name, Map<String, String> options) {
        return create(LossOptions.parse(name, options));
    }

    /** Builds the loss these options belong to. */
    public static SegLoss create(LossOptions o) {
        return switch (o.loss()) {
            case "ce" -> new CrossEntropyLoss(o);
            case "dice" -> new DiceLoss(o);
            case "ce+dice" -> new CeDiceLoss(o);
            case "focal" -> new FocalLoss(o);
            case "tversky" -> new TverskyLoss(o);
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
