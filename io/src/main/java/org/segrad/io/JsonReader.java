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
 * the value other than whitespace are errors that name the character offset.
 *
 * <p>{@link #parseDocument} reads the full JSON grammar for small documents written by segrad itself (the model card):
 * in addition numbers with a fraction or exponent ({@link Double}), {@code true}/{@code false} ({@link Boolean}) and
 * {@code null}.
 */
public final class JsonReader {

    static final int MAX_DEPTH = 16;

    private final String s;
    private final boolean full;
    private int pos;

    private JsonReader(String s, boolean full) {
        this.s = s;
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
            r.skipWs();
            Object v = r.value(0);
            r.skipWs();
            if (r.pos != text.length()) {
                throw r.error("unexpected text after the JSON value");
            }
            return v;
        } catch (SafetensorsFormatException e) {
            throw new IllegalArgumentException(e.getMessage().replace("header JSON", "JSON"), e);
        }
    }

    /** Parses one JSON value that spans the whole text (surrounding whitespace allowed). */
    static Object parse(String text) throws SafetensorsFormatException {
        JsonReader r = new JsonReader(text, false);
        r.skipWs();
        Object v = r.value(0);
        r.skipWs();
        if (r.pos != text.length()) {
            throw r.error("unexpected text after the JSON value");
        }
        return v;
    }

    private Object value(int depth) throws SafetensorsFormatException {
        if (depth >= MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        char c = peek();
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
                if (s.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word.equals("true"));
                }
            }
        }
        throw error("unexpected character '" + printable(c) + "' (expected an object, array, string or integer)");
    }

    private Map<String, Object> object(int depth) throws SafetensorsFormatException {
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipWs();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWs();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyAt = pos;
            String key = string();
            skipWs();
            expect(':');
            skipWs();
            Object v = value(depth + 1);
            if (map.putIfAbsent(key, v) != null) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            skipWs();
            char c = peek();
            pos++;
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' in an object");
            }
        }
    }

    private List<Object> array(int depth) throws SafetensorsFormatException {
        pos++;
        List<Object> list = new ArrayList<>();
        skipWs();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipWs();
            list.add(value(depth + 1));
            skipWs();
            char c = peek();
            pos++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' in an array");
            }
        }
    }

    private String string() throws SafetensorsFormatException {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = peek();
            pos++;
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                pos--;
                throw error("raw control character U+" + String.format("%04X", (int) c) + " in a string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = peek();
            pos++;
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u': sb.append(hex4()); break;
                default:
                    pos--;
                    throw error("invalid escape '\\" + printable(e) + "'");
            }
        }
        String out = sb.toString();
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < out.length() && Character.isLowSurrogate(out.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw error("unpaired surrogate \\u" + String.format("%04x", (int) c) + " in a string");
            }
        }
        return out;
    }

    private char hex4() throws SafetensorsFormatException {
        if (pos + 4 > s.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0) {
                throw error("\\u escape needs 4 hex digits");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private Long integer() throws SafetensorsFormatException {
        int start = pos;
        boolean negative = false;
        if (peek() == '-') {
            negative = true;
            pos++;
        }
        int digitsAt = pos;
        long v = 0;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            int d = s.charAt(pos) - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                pos = start;
                throw error("integer does not fit in 64 bits");
            }
            v = v * 10 + d;
            pos++;
        }
        if (pos == digitsAt) {
            throw error("expected a digit");
        }
        if (s.charAt(digitsAt) == '0' && pos - digitsAt > 1) {
            pos = start;
            throw error("leading zeros are not allowed");
        }
        if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            throw error("only integers are allowed (no fraction or exponent)");
        }
        return negative ? -v : v;
    }

    /** A JSON number: a {@link Long} when it is an integer, else a {@link Double}. */
    private Object number() throws SafetensorsFormatException {
        int start = pos;
        while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        String t = s.substring(start, pos);
        if (!t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            pos = start;
            throw error("malformed number \"" + t + "\"");
        }
        if (t.matches("-?[0-9]+")) {
            pos = start;
            return integer();
        }
        return Double.parseDouble(t);
    }

    private void expect(char c) throws SafetensorsFormatException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() throws SafetensorsFormatException {
        if (pos >= s.length()) {
            throw error("header JSON ends early");
        }
        return s.charAt(pos);
    }

    private void skipWs() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7E ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private SafetensorsFormatException error(String what) {
        int from = Math.max(0, pos - 20);
        int to = Math.min(s.length(), pos + 20);
        StringBuilder near = new StringBuilder();
        for (int i = from; i < to; i++) {
            near.append(printable(s.charAt(i)));
        }
        return new SafetensorsFormatException("header JSON at character " + pos + ": " + what + " (near \"" + near
                + "\")");
    }
}
