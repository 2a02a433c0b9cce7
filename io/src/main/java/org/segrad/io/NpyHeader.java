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
 * parenthesised non-tuple like {@code (3)}, signs, and values beyond {@code Long.MAX_VALUE} are errors that name the
 * character offset ({@link TextScanner}, shared with {@link JsonReader}).
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

    private static final TextScanner.Style<NpyFormatException> STYLE = new TextScanner.Style<>("bad .npy header",
            "header ends early", TextScanner.Context.WHOLE, NpyFormatException::new);

    private static final class Parser {
        private final String s;
        private final TextScanner<NpyFormatException> in;

        Parser(String s) {
            this.s = s;
            this.in = new TextScanner<>(s, STYLE);
        }

        NpyHeader header() throws NpyFormatException {
            String descr = null;
            Boolean fortran = null;
            long[] shape = null;
            in.skipWs();
            in.expect('{');
            in.skipWs();
            while (in.peek() != '}') {
                String key = quoted("a dictionary key");
                in.skipWs();
                in.expect(':');
                in.skipWs();
                switch (key) {
                    case "descr":
                        if (descr != null) {
                            throw in.error("duplicate key 'descr'");
                        }
                        if (in.peek() != '\'' && in.peek() != '"') {
                            throw in.error("'descr' must be a string such as '<f4' (structured dtypes are not"
                                    + " supported)");
                        }
                        descr = quoted("the 'descr' string");
                        break;
                    case "fortran_order":
                        if (fortran != null) {
                            throw in.error("duplicate key 'fortran_order'");
                        }
                        fortran = bool();
                        break;
                    case "shape":
                        if (shape != null) {
                            throw in.error("duplicate key 'shape'");
                        }
                        shape = tuple();
                        break;
                    default:
                        throw in.error("unexpected key '" + key + "' (expected exactly 'descr', 'fortran_order',"
                                + " 'shape')");
                }
                in.skipWs();
                if (in.peek() == ',') {
                    in.skip(1);
                    in.skipWs();
                } else if (in.peek() != '}') {
                    throw in.error("expected ',' or '}' after the value of '" + key + "'");
                }
            }
            in.skip(1);
            in.skipWs();
            if (!in.atEnd()) {
                throw in.error("unexpected text after the closing '}'");
            }
            if (descr == null || fortran == null || shape == null) {
                throw new NpyFormatException("header dictionary misses key(s):" + (descr == null ? " 'descr'" : "")
                        + (fortran == null ? " 'fortran_order'" : "") + (shape == null ? " 'shape'" : "")
                        + "; header: " + TextScanner.abbreviate(s));
            }
            return new NpyHeader(descr, fortran, shape);
        }

        private boolean bool() throws NpyFormatException {
            if (in.take("True")) {
                return true;
            }
            if (in.take("False")) {
                return false;
            }
            throw in.error("'fortran_order' must be True or False");
        }

        private long[] tuple() throws NpyFormatException {
            if (in.peek() != '(') {
                throw in.error("'shape' must be a tuple such as (2, 3), (n,) or ()");
            }
            in.skip(1);
            in.skipWs();
            List<Long> dims = new ArrayList<>();
            boolean sawComma = false;
            while (in.peek() != ')') {
                dims.add(integer(dims.size()));
                in.skipWs();
                sawComma = false;
                if (in.peek() == ',') {
                    in.skip(1);
                    sawComma = true;
                    in.skipWs();
                } else if (in.peek() != ')') {
                    throw in.error("expected ',' or ')' in 'shape'");
                }
            }
            in.skip(1);
            if (dims.size() == 1 && !sawComma) {
                throw in.error("'shape' (" + dims.get(0) + ") is not a tuple; a 1-d shape is written (" + dims.get(0)
                        + ",)");
            }
            long[] out = new long[dims.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = dims.get(i);
            }
            return out;
        }

        private long integer(int index) throws NpyFormatException {
            long value = in.digits(in.position(), "shape[" + index + "] is larger than " + Long.MAX_VALUE,
                    "shape[" + index + "] must be a non-negative decimal integer");
            in.take("L");
            return value;
        }

        private String quoted(String what) throws NpyFormatException {
            char q = in.peek();
            if (q != '\'' && q != '"') {
                throw in.error("expected " + what + " in quotes");
            }
            in.skip(1);
            int start = in.position();
            while (!in.atEnd() && !in.at(q)) {
                if (in.at('\\') || in.at('\n')) {
                    throw in.error("escapes and line breaks are not allowed in " + what);
                }
                in.skip(1);
            }
            if (in.atEnd()) {
                throw in.error("unterminated " + what);
            }
            String value = in.since(start);
            in.skip(1);
            return value;
        }
    }
}
