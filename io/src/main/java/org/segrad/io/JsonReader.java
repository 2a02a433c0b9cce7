package org.segrad.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON parser for the restricted grammar of a safetensors header: objects (no duplicate keys; kept in
 * file order as {@link LinkedHashMap}), arrays ({@link List}), strings with the standard escapes ({@link String}) and
 * integers that fit a {@code long} ({@link Long}). Fractions, exponents, {@code true}, {@code false}, {@code null},
 * raw control characters in strings, unpaired surrogates, nesting deeper than {@value #MAX_DEPTH} and any text after
 * the value other than whitespace are errors that name the character offset ({@link TextScanner}, shared with
 * {@link NpyHeader}).
 *
 * <p>{@link #parseDocument} reads the full JSON grammar for small documents written by segrad itself (the model card):
 * in addition numbers with a fraction or exponent ({@link Double}), {@code true}/{@code false} ({@link Boolean}) and
 * {@code null}.
 */
public final class JsonReader {

    static final int MAX_DEPTH = 16;

    private static final TextScanner.Style<SafetensorsFormatException> STYLE = new TextScanner.Style<>(
            "header JSON", "header JSON ends early", TextScanner.Context.NEAR, SafetensorsFormatException::new);

    private final TextScanner<SafetensorsFormatException> in;
    private final boolean full;

    private JsonReader(String s) {
        this(s, false);
    }

    private JsonReader(String s, boolean full) {
        this.in = new TextScanner<>(s, STYLE);
        this.full = full;
    }

    /**
     * Parses one JSON document with the full grammar (see the class comment): objects as {@link LinkedHashMap},
     * arrays as {@link List}, strings, {@link Long} integers, {@link Double} other numbers, {@link Boolean}, null.
     *
     * @throws IllegalArgumentException naming the character offset of the first error
     */
    public static Object parseDocument(String text) {
        JsonReader r = new JsonReader(text, true);
        try {
            r.in.skipWs();
            Object v = r.value(0);
            r.in.skipWs();
            if (!r.in.atEnd()) {
                throw r.in.error("unexpected text after the JSON value");
            }
            return v;
        } catch (SafetensorsFormatException e) {
            throw new IllegalArgumentException(e.getMessage().replace("header JSON", "JSON"), e);
        }
    }

    /** Parses one JSON value that spans the whole text (surrounding whitespace allowed). */
    static Object parse(String text) throws SafetensorsFormatException {
        JsonReader r = new JsonReader(text);
        r.in.skipWs();
        Object v = r.value(0);
        r.in.skipWs();
        if (!r.in.atEnd()) {
            throw r.in.error("unexpected text after the JSON value");
        }
        return v;
    }

    private Object value(int depth) throws SafetensorsFormatException {
        if (depth >= MAX_DEPTH) {
            throw in.error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        char c = in.peek();
        if (c == '{') {
            return object(depth);
        }
        if (c == '[') {
            return array(depth);
        }
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return full ? number() : integer();
        }
        if (full) {
            for (String word : new String[] {"true", "false", "null"}) {
                if (in.take(word)) {
                    return word.equals("null") ? null : Boolean.valueOf(word.equals("true"));
                }
            }
        }
        throw in.error("unexpected character '" + TextScanner.printable(c)
                + "' (expected an object, array, string or integer)");
    }

    private Map<String, Object> object(int depth) throws SafetensorsFormatException {
        in.skip(1);
        Map<String, Object> map = new LinkedHashMap<>();
        in.skipWs();
        if (in.peek() == '}') {
            in.skip(1);
            return map;
        }
        while (true) {
            in.skipWs();
            if (in.peek() != '"') {
                throw in.error("expected a string key");
            }
            int keyAt = in.position();
            String key = string();
            in.skipWs();
            in.expect(':');
            in.skipWs();
            Object v = value(depth + 1);
            if (map.putIfAbsent(key, v) != null) {
                throw in.errorAt(keyAt, "duplicate key \"" + key + "\"");
            }
            if (endOf('}', "an object")) {
                return map;
            }
        }
    }

    private List<Object> array(int depth) throws SafetensorsFormatException {
        in.skip(1);
        List<Object> list = new ArrayList<>();
        in.skipWs();
        if (in.peek() == ']') {
            in.skip(1);
            return list;
        }
        while (true) {
            in.skipWs();
            list.add(value(depth + 1));
            if (endOf(']', "an array")) {
                return list;
            }
        }
    }

    /** After a member: consumes {@code close} (true) or a comma (false); anything else is an error. */
    private boolean endOf(char close, String container) throws SafetensorsFormatException {
        in.skipWs();
        char c = in.peek();
        if (c != close && c != ',') {
            throw in.error("expected ',' or '" + close + "' in " + container);
        }
        in.skip(1);
        return c == close;
    }

    private String string() throws SafetensorsFormatException {
        in.skip(1);
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = in.peek();
            if (c == '"') {
                in.skip(1);
                break;
            }
            if (c < 0x20) {
                throw in.error("raw control character U+" + String.format("%04X", (int) c) + " in a string");
            }
            in.skip(1);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = in.peek();
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u': in.skip(1); sb.append(hex4()); continue;
                default:
                    throw in.error("invalid escape '\\" + TextScanner.printable(e) + "'");
            }
            in.skip(1);
        }
        String out = sb.toString();
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < out.length() && Character.isLowSurrogate(out.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw in.error("unpaired surrogate \\u" + String.format("%04x", (int) c) + " in a string");
            }
        }
        return out;
    }

    private char hex4() throws SafetensorsFormatException {
        if (in.remaining() < 4) {
            throw in.error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(in.ahead(i), 16);
            if (d < 0) {
                throw in.error("\\u escape needs 4 hex digits");
            }
            v = v * 16 + d;
        }
        in.skip(4);
        return (char) v;
    }

    private Long integer() throws SafetensorsFormatException {
        int start = in.position();
        boolean negative = in.take("-");
        int digitsAt = in.position();
        long v = in.digits(start, "integer does not fit in 64 bits", "expected a digit");
        String digits = in.since(digitsAt);
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            throw in.errorAt(start, "leading zeros are not allowed");
        }
        if (in.atAnyOf(".eE")) {
            throw in.error("only integers are allowed (no fraction or exponent)");
        }
        return negative ? -v : v;
    }

    /** A JSON number (full grammar): a {@link Long} when it is an integer, else a {@link Double}. */
    private Object number() throws SafetensorsFormatException {
        int start = in.position();
        while (in.atAnyOf("+-0123456789.eE")) {
            in.skip(1);
        }
        String t = in.since(start);
        if (!t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            throw in.errorAt(start, "malformed number \"" + t + "\"");
        }
        if (t.matches("-?[0-9]+")) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw in.errorAt(start, "integer does not fit in 64 bits");
            }
        }
        return Double.parseDouble(t);
    }
}
