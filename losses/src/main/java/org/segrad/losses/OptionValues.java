package org.segrad.losses;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Reads typed option values from {@code key=value} strings for one owner (a loss or a term), with the one-line
 * errors "loss OWNER: option KEY must be EXPECTED, got 'VALUE'". Absent keys give the default.
 */
final class OptionValues {
    private final String owner;
    private final Map<String, String> raw;

    OptionValues(String owner, Map<String, String> raw) {
        this.owner = owner;
        this.raw = raw;
    }

    boolean has(String key) {
        return raw.containsKey(key);
    }

    private String value(String key) {
        return raw.get(key).trim();
    }

    boolean bool(String key, boolean dflt) {
        if (!raw.containsKey(key)) return dflt;
        String v = value(key).toLowerCase(Locale.ROOT);
        if (v.equals("true")) return true;
        if (v.equals("false")) return false;
        throw bad(key, "true or false");
    }

    double nonNegative(String key, double dflt) {
        if (!raw.containsKey(key)) return dflt;
        double v = number(key, value(key), "a number >= 0");
        if (!(v >= 0) || Double.isInfinite(v)) throw bad(key, "a finite number >= 0");
        return v;
    }

    /** "auto" (or absent): NaN; else a finite number ≥ 0. */
    double autoOrNonNegative(String key) {
        return raw.getOrDefault(key, "auto").trim().equals("auto") ? Double.NaN : nonNegative(key, Double.NaN);
    }

    /** The ignore index, or {@link LossOptions#NO_IGNORE}. */
    int ignoreIndex() {
        if (!raw.containsKey("ignore-index")) return LossOptions.NO_IGNORE;
        try {
            return Integer.parseInt(value("ignore-index"));
        } catch (NumberFormatException e) {
            throw bad("ignore-index", "an integer");
        }
    }

    /** Comma-separated non-negative numbers, or null when absent. */
    double[] list(String key) {
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

    <E extends Enum<E>> E choice(String key, String dflt, Class<E> type) {
        String v = raw.getOrDefault(key, dflt).trim();
        for (E e : type.getEnumConstants()) {
            if (cliName(e).equals(v)) return e;
        }
        String[] names = Arrays.stream(type.getEnumConstants()).map(OptionValues::cliName).toArray(String[]::new);
        throw bad(key, String.join(" or ", names));
    }

    static String cliName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private IllegalArgumentException bad(String key, String expected) {
        return new IllegalArgumentException("loss " + owner + ": option " + key + " must be " + expected + ", got '" + raw.get(key) + "'");
    }
}
