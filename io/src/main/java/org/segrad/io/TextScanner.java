package org.segrad.io;

import java.io.IOException;
import java.util.function.Function;

/**
 * The cursor that both header parsers walk with: {@link NpyHeader} (the Python dict literal of a {@code .npy} file) and
 * {@link JsonReader} (the JSON header of a safetensors file). It holds the primitives they share: look at and
 * consume one character ({@link #peek()}, {@link #expect(char)}, {@link #at(char)}), skip whitespace, read a keyword
 * or a run of decimal digits, and build an error that names the character offset where the text went wrong.
 *
 * <p>Strict and bounded: every read is checked against the end of the text ({@link #peek()} past the end is an error,
 * never an {@link IndexOutOfBoundsException}); the scanner allocates nothing from the text; integers are checked for
 * {@code long} overflow digit by digit. Whitespace is space, tab, CR and LF, as both grammars define it.
 *
 * <p>Errors are the format's own exception ({@code E}), with the message
 * {@code "<name> at character <offset>: <what>"} followed by the context the {@link Style} asks for: the text around
 * the offset ({@link Context#NEAR}) or the whole text, abbreviated ({@link Context#WHOLE}).
 *
 * @param <E> the format's exception type
 */
final class TextScanner<E extends IOException> {

    /** What an error message shows after the offset and the problem. */
    enum Context {
        /** {@code (near "…")}: up to 20 characters either side of the offset, control and non-ASCII escaped. */
        NEAR,
        /** {@code ; header: …}: the whole text, line breaks escaped, cut after 120 characters. */
        WHOLE
    }

    /**
     * How one format words its errors.
     *
     * @param name      what the text is, starting every message ({@code "header JSON"})
     * @param endsEarly the problem reported when the text ends where a character was needed
     * @param context   what follows the problem
     * @param exception the format's exception, made from the message
     */
    record Style<E extends IOException>(String name, String endsEarly, Context context,
            Function<String, E> exception) {
    }

    private final String s;
    private final Style<E> style;
    private int pos;

    TextScanner(String text, Style<E> style) {
        this.s = text;
        this.style = style;
    }

    /** The offset of the next character. */
    int position() {
        return pos;
    }

    /** True when every character has been consumed. */
    boolean atEnd() {
        return pos >= s.length();
    }

    /** The next character, not consumed; an error if the text has ended. */
    char peek() throws E {
        if (pos >= s.length()) {
            throw error(style.endsEarly());
        }
        return s.charAt(pos);
    }

    /** The next character, consumed; an error if the text has ended. */
    char next() throws E {
        char c = peek();
        pos++;
        return c;
    }

    /** True if the next character is {@code c} (false at the end); consumes nothing. */
    boolean at(char c) {
        return pos < s.length() && s.charAt(pos) == c;
    }

    /** True if the next character is one of {@code chars} (false at the end); consumes nothing. */
    boolean atAnyOf(String chars) {
        return pos < s.length() && chars.indexOf(s.charAt(pos)) >= 0;
    }

    /** The character {@code ahead} places after the next one; the caller has checked {@link #remaining()}. */
    char ahead(int ahead) {
        return s.charAt(pos + ahead);
    }

    /** How many characters are left. */
    int remaining() {
        return s.length() - pos;
    }

    /** Consumes {@code n} characters the caller has already looked at. */
    void skip(int n) {
        pos += n;
    }

    /** Consumes {@code c} or fails with "expected 'c'". */
    void expect(char c) throws E {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** Consumes {@code word} if the text continues with it. */
    boolean take(String word) {
        if (!s.startsWith(word, pos)) {
            return false;
        }
        pos += word.length();
        return true;
    }

    /** Skips spaces, tabs, carriage returns and line feeds. */
    void skipWs() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** The text from {@code start} to the current offset. */
    String since(int start) {
        return s.substring(start, pos);
    }

    /**
     * Consumes a run of ASCII digits and returns its value. A run that does not fit a {@code long} fails with
     * {@code tooLarge} at {@code numberStart} (where the number, sign included, began); an empty run fails with
     * {@code noDigits} at the current offset.
     */
    long digits(int numberStart, String tooLarge, String noDigits) throws E {
        int digitsAt = pos;
        long v = 0;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            int d = s.charAt(pos) - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                throw errorAt(numberStart, tooLarge);
            }
            v = v * 10 + d;
            pos++;
        }
        if (pos == digitsAt) {
            throw error(noDigits);
        }
        return v;
    }

    /** The format's exception for {@code what} at the current offset. */
    E error(String what) {
        return errorAt(pos, what);
    }

    /** The format's exception for {@code what} at {@code offset}. */
    E errorAt(int offset, String what) {
        String context = style.context() == Context.NEAR ? " (near \"" + near(offset) + "\")"
                : "; header: " + abbreviate(s);
        return style.exception().apply(style.name() + " at character " + offset + ": " + what + context);
    }

    private String near(int offset) {
        int from = Math.max(0, offset - 20);
        int to = Math.min(s.length(), offset + 20);
        StringBuilder near = new StringBuilder();
        for (int i = from; i < to; i++) {
            near.append(printable(s.charAt(i)));
        }
        return near.toString();
    }

    /** {@code c} itself if printable ASCII, else its {@code \\uXXXX} escape. */
    static String printable(char c) {
        return c < 0x20 || c > 0x7E ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    /** {@code text} with line breaks escaped, cut after 120 characters. */
    static String abbreviate(String text) {
        String flat = text.replace("\n", "\\n");
        return flat.length() <= 120 ? flat : flat.substring(0, 120) + "...";
    }
}
