package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The shared cursor of the .npy and safetensors header parsers: positions, bounds and the wording of errors. */
class TextScannerTest {

    private static final TextScanner.Style<NpyFormatException> WHOLE = new TextScanner.Style<>("test text",
            "text ends early", TextScanner.Context.WHOLE, NpyFormatException::new);
    private static final TextScanner.Style<SafetensorsFormatException> NEAR = new TextScanner.Style<>("test text",
            "text ends early", TextScanner.Context.NEAR, SafetensorsFormatException::new);

    @Test
    void consumesWhitespaceKeywordsAndDigits() throws Exception {
        TextScanner<NpyFormatException> in = new TextScanner<>(" \t\r\n True 042L", WHOLE);
        in.skipWs();
        assertEquals(5, in.position());
        assertFalse(in.take("False"));
        assertTrue(in.take("True"));
        in.skipWs();
        assertEquals(42, in.digits(in.position(), "too large", "no digits"));
        assertTrue(in.at('L'));
        in.expect('L');
        assertTrue(in.atEnd());
        assertFalse(in.at('L'));
    }

    @Test
    void readingPastTheEndIsTheFormatsErrorNamingTheOffset() {
        TextScanner<NpyFormatException> in = new TextScanner<>("ab", WHOLE);
        in.skip(2);
        NpyFormatException e = assertThrows(NpyFormatException.class, in::peek);
        assertEquals("test text at character 2: text ends early; header: ab", e.getMessage());
    }

    @Test
    void integerErrors() {
        TextScanner<SafetensorsFormatException> big = new TextScanner<>("[-9223372036854775808]", NEAR);
        big.skip(2);
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class,
                () -> big.digits(1, "does not fit", "no digits"));
        assertEquals("test text at character 1: does not fit (near \"[-9223372036854775808\")", e.getMessage());
        TextScanner<SafetensorsFormatException> none = new TextScanner<>("-x", NEAR);
        none.skip(1);
        e = assertThrows(SafetensorsFormatException.class, () -> none.digits(0, "does not fit", "no digits"));
        assertEquals("test text at character 1: no digits (near \"-x\")", e.getMessage());
        assertEquals(9223372036854775807L, digitsOf("9223372036854775807"));
    }

    private static long digitsOf(String text) {
        try {
            return new TextScanner<>(text, NEAR).digits(0, "does not fit", "no digits");
        } catch (SafetensorsFormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void contextEscapesControlAndNonAsciiCharactersAroundTheOffset() {
        String text = "0123456789012345678901234\n\u00e9" + "x".repeat(30);
        TextScanner<SafetensorsFormatException> in = new TextScanner<>(text, NEAR);
        in.skip(25);
        assertEquals("test text at character 25: bad (near \"56789012345678901234\\u000a\\u00e9xxxxxxxxxxxxxxxxxx\")",
                in.error("bad").getMessage());
        TextScanner<NpyFormatException> whole = new TextScanner<>("a\n" + "b".repeat(200), WHOLE);
        String m = whole.error("bad").getMessage();
        assertTrue(m.endsWith("; header: a\\n" + "b".repeat(117) + "..."), m);
    }
}
