package org.segrad.io;

import java.util.Collection;
import java.util.Map;

/**
 * A tiny JSON writer for the small documents segrad stores in files (the model card in a safetensors
 * {@code __metadata__}): maps (in their iteration order), collections, {@code double[]}, strings, numbers, booleans
 * and null, on one line ({@link #write}) or indented for people ({@link #writePretty}, the CLI's JSON outputs). Non-finite
 * numbers are written as null (JSON has no NaN). {@link JsonReader#parseDocument}
 * reads the output back: {@code parseDocument(write(v))} equals v for maps of strings, longs, finite doubles,
 * booleans and lists of them.
 */
public final class JsonWriter {
    private JsonWriter() {
    }

    /** The compact JSON text of {@code value}. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, -1);
        return sb.toString();
    }

    /** The JSON text of {@code value} with each map entry on its own line, indented by two spaces a level. */
    public static String writePretty(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    /** {@code indent} < 0: compact; else the nesting level of {@code v}. */
    private static void write(StringBuilder sb, Object v, int indent) {
        boolean pretty = indent >= 0;
        int inner = pretty ? indent + 1 : -1;
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "" : ",");
                if (pretty) sb.append('\n').append("  ".repeat(inner));
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(pretty ? ": " : ":");
                write(sb, e.getValue(), inner);
            }
            if (pretty && !first) sb.append('\n').append("  ".repeat(indent));
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                sb.append(first ? "" : pretty ? ", " : ",");
                first = false;
                write(sb, o, inner);
            }
            sb.append(']');
        } else if (v instanceof double[] a) {
            sb.append('[');
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? "" : pretty ? ", " : ",").append(number(a[i]));
            }
            sb.append(']');
        } else if (v instanceof Double || v instanceof Float) {
            sb.append(number(((Number) v).doubleValue()));
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else {
            string(sb, v.toString());
        }
    }

    /**
     * Text that reads back to the same double: an integral value below 1e15 in plain digits with ".0" (so it reads as a
     * double), else the shortest round-trip form.
     */
    private static String number(double d) {
        if (!Double.isFinite(d)) return "null";
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.format(java.util.Locale.ROOT, "%.1f", d);
        return Double.toString(d);
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
