package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.segrad.io.NdArray;

/** Specific malformed files: each gives an {@link NpyFormatException} whose message names what is wrong. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class NpyMalformedTest {

    /** A version-1.0 file with the given header text (newline appended) and data bytes. */
    static byte[] npy(String dict, int dataBytes) {
        byte[] h = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h);
        return b.array();
    }

    static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    static void assertFails(byte[] file, String... fragments) {
        FormatFuzz.NPY.assertFails(file, fragments);
    }

    @Test
    void wellFormedHandMadeFileReads() throws Exception {
        NdArray a = Npy.read(npy("{\"descr\":\"<i8\",\"fortran_order\":False,\"shape\":(1,)}", 8));
        assertArrayEquals(new long[] {0}, a.longs());
        assertArrayEquals(new int[] {1}, a.shape());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "(2, 3); 23; needs 24 bytes but the file holds 23 (truncated)",
        "(2, 3); 25; needs 24 bytes but the file holds 25 (trailing bytes)",
        "(); 0; needs 4 bytes",
        "(-1, 3); 0; shape[0] must be a non-negative",
        "(3); 12; is not a tuple",
        "(2147483648,); 0; shape[0] = 2147483648 exceeds",
        "(99999999999999999999,); 0; larger than",
        "(2147483647, 2147483647, 2147483647); 0; overflows",
        "(1073741823, 2147483647); 0; needs 9223372023969873924 bytes but the file holds 0 (truncated)",
        "(2, 3.0); 24; expected ',' or ')'",
    })
    void badShapesAndLengths(String shape, int dataBytes, String fragment) {
        assertFails(npy(dict("<f4", shape), dataBytes), fragment);
    }

    @Test
    void badDictionaries() {
        assertFails(npy("{'descr': '<f4', 'shape': (1,), }", 4), "misses", "'fortran_order'");
        assertFails(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", 4), "unexpected key 'x'");
        assertFails(npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", 4),
                "duplicate key 'descr'");
        assertFails(npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", 4), "True or False");
        assertFails(npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}", 4), "structured");
        assertFails(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x", 4), "after the closing");
        assertFails(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", 4), "ends early");
        assertFails(npy("{'descr': '<f4\\x', 'fortran_order': False, 'shape': (1,)}", 4), "escapes");
        assertFails(npy("['descr']", 0), "expected '{'");
        assertFails(npy(dict("<f2", "(1,)"), 2), "descr", "'<f2'");
        assertFails(npy(dict("<U3", "(1,)"), 12), "'<U3'");
        assertFails(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1,)}", 4), "fortran_order", "True");
    }

    @Test
    void badPreambles() {
        assertFails(new byte[5], "5 bytes", "preamble");
        byte[] file = npy(dict("<f4", "(1,)"), 4);
        file[1] = 'n';
        assertFails(file, "magic", "byte 1");
        byte[] v4 = npy(dict("<f4", "(1,)"), 4);
        v4[6] = 4;
        assertFails(v4, "version", "4.0");
        byte[] longHeader = npy(dict("<f4", "(1,)"), 4);
        longHeader[8] = (byte) 0xFF;
        longHeader[9] = (byte) 0xFF;
        assertFails(longHeader, "header length", "65535");
    }

    @Test
    void hugeVersion2HeaderLengthDoesNotAllocate() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, -1, -1, -1, -1});
        out.writeBytes("{}\n".getBytes(StandardCharsets.ISO_8859_1));
        assertFails(out.toByteArray(), "header length", "4294967295", "only 3 bytes");
    }

    @Test
    void emptyShapeWhoseLeadingDimensionsPassIntMaxIsAFormatError() {
        byte[] file = npy("{'descr':'|u1','fortran_order':False,'shape':(100000,100000,0)}", 0);
        assertFails(file, "shape [100000, 100000, 0]", "10000000000", "Integer.MAX_VALUE");
        assertFails(npy(dict("<f8", "(2147483647, 2, 0)"), 0), "4294967294", "Integer.MAX_VALUE");
    }

    @Test
    void boolOutsideZeroOne() {
        byte[] file = npy(dict("|b1", "(2,)"), 2);
        file[file.length - 1] = 2;
        assertFails(file, "bool element 1 is 2");
    }
}
