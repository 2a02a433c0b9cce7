package org.segrad.io;

import java.util.ArrayList;
import java.util.List;

/**
 * The parsed header dictionary of a {@code .npy} file: a strict parser for the Python literal that NumPy writes,
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}.
 *
 * <p>Accepted grammar (whitespace = space, tab, CR, LF around every token): a dict of exactly the three keys
 * {@code descr} (a quoted string without backslashes), {@code fortran_order} ({@code True} or {@code False}) and
 * {@code shape} (a tuple of non-negative decimal integers: {@code ()}, {@code (n,)}, {@code (a, b)} with an optional
 * trailing comma; an {@code L} suffix from Python 2 is tolerated), separated by commas with an optional trailing one;
 * keys in single or double quotes; nothing but whitespace after the closing brace. Duplicate or unknown keys, a
 * parenthesised non-tuple like {@code (3)}, signs, and values beyond {@code Long.MAX_VALUE} are errors.
 */
final class NpyHeader {

    final String descr;
    final boolean fortranOrder;
    final long[] shape;

    private NpyHeader(String descr, boolean fortranOrder, long[] shape) {
        this.descr = descr;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
    }

    /** Parses the header text; throws {@link NpyFormatException} naming the position and what was expected. */
    static NpyHeader parse(String text) throws NpyFormatException {
        return new Parser(text).header();
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        NpyHeader header() throws NpyFormatException {
            String descr = null;
            Boolean fortran = null;
            long[] shape = null;
            skipWs();
            expect('{');
            skipWs();
            while (peek() != '}') {
                String key = quoted("a dictionary key");
                skipWs();
                expect(':');
                skipWs();
                switch (key) {
                    case "descr":
                        if (descr != null) {
                            throw error("duplicate key 'descr'");
                        }
                        if (peek() != '\'' && peek() != '"') {
                            throw error("'descr' must be a string such as '<f4' (structured dtypes are not"
                                    + " supported)");
                        }
                        descr = quoted("the 'descr' string");
                        break;
                    case "fortran_order":
                        if (fortran != null) {
                            throw error("duplicate key 'fortran_order'");
                        }
                        fortran = bool();
                        break;
                    case "shape":
                        if (shape != null) {
                            throw error("duplicate key 'shape'");
                        }
                        shape = tuple();
                        break;
                    default:
                        throw error("unexpected key '" + key + "' (expected exactly 'descr', 'fortran_order',"
                                + " 'shape')");
                }
                skipWs();
                if (peek() == ',') {
                    pos++;
                    skipWs();
                } else if (peek() != '}') {
                    throw error("expected ',' or '}' after the value of '" + key + "'");
                }
            }
            pos++;
            skipWs();
            if (pos != s.length()) {
                throw error("unexpected text after the closing '}'");
            }
            if (descr == null || fortran == null || shape == null) {
                throw new NpyFormatException("header dictionary misses key(s):" + (descr == null ? " 'descr'" : "")
                        + (fortran == null ? " 'fortran_order'" : "") + (shape == null ? " 'shape'" : "")
                        + "; header: " + abbreviate(s));
            }
            return new NpyHeader(descr, fortran, shape);
        }

        private boolean bool() throws NpyFormatException {
            if (s.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw error("'fortran_order' must be True or False");
        }

        private long[] tuple() throws NpyFormatException {
            if (peek() != '(') {
                throw error("'shape' must be a tuple such as (2, 3), (n,) or ()");
            }
            pos++;
            skipWs();
            List<Long> dims = new ArrayList<>();
            boolean sawComma = false;
            while (peek() != ')') {
                dims.add(integer(dims.size()));
                skipWs();
                sawComma = false;
                if (peek() == ',') {
                    pos++;
                    sawComma = true;
                    skipWs();
                } else if (peek() != ')') {
                    throw error("expected ',' or ')' in 'shape'");
                }
            }
            pos++;
            if (dims.size() == 1 && !sawComma) {
                throw error("'shape' (" + dims.get(0) + ") is not a tuple; a 1-d shape is written (" + dims.get(0)
                        + ",)");
            }
            long[] out = new long[dims.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = dims.get(i);
            }
            return out;
        }

        private long integer(int index) throws NpyFormatException {
            int start = pos;
            long value = 0;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                int digit = s.charAt(pos) - '0';
                if (value > (Long.MAX_VALUE - digit) / 10) {
                    throw error("shape[" + index + "] is larger than " + Long.MAX_VALUE);
                }
                value = value * 10 + digit;
                pos++;
            }
            if (pos == start) {
                throw error("shape[" + index + "] must be a non-negative decimal integer");
            }
            if (pos < s.length() && s.charAt(pos) == 'L') {
                pos++;
            }
            return value;
        }

        private String quoted(String what) throws NpyFormatException {
            char q = peek();
            if (q != '\'' && q != '"') {
                throw error("expected " + what + " in quotes");
            }
            int start = ++pos;
            while (pos < s.length() && s.charAt(pos) != q) {
                char c = s.charAt(pos);
                if (c == '\\' || c == '\n') {
                    throw error("escapes and line breaks are not allowed in " + what);
                }
                pos++;
            }
            if (pos >= s.length()) {
                throw error("unterminated " + what);
            }
            return s.substring(start, pos++);
        }

        private void expect(char c) throws NpyFormatException {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() throws NpyFormatException {
            if (pos >= s.length()) {
                throw error("header ends early");
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

        private NpyFormatException error(String what) {
            return new NpyFormatException("bad .npy header at character " + pos + ": " + what + "; header: "
                    + abbreviate(s));
        }
    }

    static String abbreviate(String s) {
        String flat = s.replace("\n", "\\n");
        return flat.length() <= 120 ? flat : flat.substring(0, 120) + "...";
    }
}
