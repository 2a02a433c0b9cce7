package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The fuzz harness itself: what its law lets through and what it catches (a harness that cannot fail checks
 *  nothing). */
class FormatFuzzTest {

    private static final byte[] ANY = {1, 2, 3};

    private static void caught(FormatFuzz.Reader<Object> reader, String fragment) {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> FormatFuzz.of(reader, NpyFormatException.class).readOrCleanError(ANY));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void letsThroughAResultOrTheFormatsOwnExceptionWithAMessage() {
        FormatFuzz.of(b -> "ok", NpyFormatException.class).readOrCleanError(ANY);
        FormatFuzz.of(b -> {
            throw new NpyFormatException("bad magic");
        }, NpyFormatException.class).readOrCleanError(ANY);
        FormatFuzz.of(b -> {
            throw new NpyFormatException("x.nii: bad magic");
        }, IOException.class).messagesMust(m -> assertTrue(m.contains("x.nii"))).readOrCleanError(ANY);
    }

    @Test
    void catchesEveryOtherThrowable() {
        // The issue-9 red-team case: NdArray refusing a header's shape escaped the reader as IllegalArgumentException.
        caught(b -> NdArray.ofBytes(new byte[0], 100000, 100000, 0), "IllegalArgumentException");
        caught(b -> b[99], "ArrayIndexOutOfBoundsException");
        caught(b -> {
            throw new SafetensorsFormatException("another format's exception");
        }, "only NpyFormatException may escape");
        caught(b -> {
            throw new IOException("a plain IOException");
        }, "only NpyFormatException may escape");
        caught(b -> {
            throw new OutOfMemoryError("Java heap space");
        }, "OutOfMemoryError");
    }

    @Test
    void catchesBlankMessagesNullResultsAndFailedChecks() {
        assertThrows(AssertionFailedError.class, () -> FormatFuzz.of(b -> {
            throw new NpyFormatException(" ");
        }, NpyFormatException.class).readOrCleanError(ANY));
        assertThrows(AssertionFailedError.class,
                () -> FormatFuzz.of(b -> null, NpyFormatException.class).readOrCleanError(ANY));
        assertThrows(AssertionFailedError.class, () -> FormatFuzz.of(b -> b.length, NpyFormatException.class)
                .resultsMust(n -> assertEquals(4, n)).readOrCleanError(ANY));
        assertThrows(AssertionFailedError.class, () -> FormatFuzz.of(b -> {
            throw new NpyFormatException("bad magic");
        }, NpyFormatException.class).messagesMust(m -> assertTrue(m.contains("x.nii"))).readOrCleanError(ANY));
    }

    @Test
    void truncationReachesEveryPrefixAndMutationLeavesTheValidFileAlone() {
        Set<Integer> lengths = new HashSet<>();
        for (int cut = 0; cut < 10; cut++) {
            lengths.add(FormatFuzz.truncate(ANY, cut).length);
        }
        assertEquals(Set.of(0, 1, 2, 3), lengths);
        byte[] valid = new byte[64];
        Random r = new Random(1);
        boolean changed = false;
        for (int i = 0; i < 100; i++) {
            byte[] m = FormatFuzz.mutate(valid, r, FormatFuzz.anyByte(), FormatFuzz.preambleByte(8),
                    FormatFuzz.headerChar("{}", 8, 16), FormatFuzz.digitRun(8, 16), FormatFuzz.grow(16));
            changed |= m.length != valid.length || !java.util.Arrays.equals(m, valid);
        }
        assertArrayEquals(new byte[64], valid);
        assertTrue(changed);
    }
}
