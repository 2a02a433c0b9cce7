package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Specific malformed files: each gives a {@link SafetensorsFormatException} whose message names what is wrong. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SafetensorsMalformedTest {

    /** A file with the given header JSON (its exact UTF-8 length declared) and a zeroed buffer. */
    static byte[] st(String json, int bufferBytes) {
        return st(json.getBytes(StandardCharsets.UTF_8).length, json, bufferBytes);
    }

    static byte[] st(long declaredLength, String json, int bufferBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + bufferBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(declaredLength).put(h).array();
    }

    static String tensor(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets
                + "}";
    }

    static void assertFails(byte[] file, String... fragments) {
        FormatFuzz.SAFETENSORS.assertFails(file, fragments);
    }

    @Test
    void handMadeValidFileWithPaddingReads() throws Exception {
        byte[] f = st("{" + tensor("a", "F64", "[2]", "[0,16]") + "}    ", 16);
        assertEquals(2, Safetensors.read(f).tensor("a").size());
    }

    @Test
    void headerLengths() {
        assertFails(new byte[7], "7 bytes", "8-byte header length");
        assertFails(st(1L << 62, "{}", 0), "header length 4611686018427387904", "limit");
        assertFails(st(-1L, "{}", 0), "header length 18446744073709551615", "limit");
        assertFails(st(100_000_001L, "{}", 0), "100000001", "limit");
        assertFails(st(50, "{}", 0), "header length 50 exceeds the 2 bytes");
        assertFails(st(0, "", 0), "start with '{'");
        assertFails(st(" {}", 0), "start with '{'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '~', value = {
        "{\"a\":1}; 0; tensor \"a\": entry must be an object but is an integer",
        "[1]; 0; start with '{'",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}; 4; missing field \"data_offsets\"",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":[]}}; 4; unexpected field \"x\"",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{}}; 4; duplicate key \"a\"",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}; 4; only integers",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}x; 4; after the JSON value",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}; 4; ends early",
        "{\"a\":{\"dtype\":F32}}; 4; unexpected character 'F'",
        "{\"a\\q\":1}; 0; invalid escape",
        "{\"\\ud800\":1}; 0; unpaired surrogate",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[01],\"data_offsets\":[0,4]}}; 4; leading zeros",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,4]}}; 4; 64 bits",
        "{\"__metadata__\":{\"k\":1}}; 0; \"__metadata__\".\"k\" must be a string but is an integer",
        "{\"__metadata__\":[]}; 0; must be an object of strings",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]],\"data_offsets\":[0,4]}}; 4; nesting",
    })
    void badJson(String json, int buffer, String fragment) {
        assertFails(st(json, buffer), fragment);
    }

    @Test
    void dtypes() {
        assertFails(st("{" + tensor("h", "F16", "[2]", "[0,4]") + "}", 4), "tensor \"h\"", "unsupported dtype \"F16\"");
        assertFails(st("{" + tensor("h", "BF16", "[2]", "[0,4]") + "}", 4), "unsupported dtype \"BF16\"");
        assertFails(st("{" + tensor("h", "I32", "[1]", "[0,4]") + "}", 4), "unsupported dtype \"I32\"");
        assertFails(st("{" + tensor("h", "Q7", "[1]", "[0,4]") + "}", 4), "unknown dtype \"Q7\"");
        assertFails(st("{\"h\":{\"dtype\":7,\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "dtype must be a string");
    }

    @Test
    void shapesAndOffsets() {
        assertFails(st("{" + tensor("a", "F32", "[-2]", "[0,8]") + "}", 8), "tensor \"a\"", "shape[0] = -2", ">= 0");
        assertFails(st("{" + tensor("a", "F32", "[3]", "[0,8]") + "}", 8), "shape [3] of F32 needs 12 bytes",
                "span 8");
        assertFails(st("{" + tensor("a", "F32", "[2]", "[0,8,9]") + "}", 8), "must hold 2 integers", "holds 3");
        assertFails(st("{" + tensor("a", "F32", "[2]", "[8,0]") + "}", 8), "end 0 is before begin 8");
        assertFails(st("{" + tensor("a", "F32", "[2]", "[0,8]") + "}", 4), "end 8 is beyond the 4-byte");
        assertFails(st("{" + tensor("a", "F32", "[2]", "[0,8]") + "}", 12), "cover 8 bytes", "holds 12");
        assertFails(st("{" + tensor("a", "F32", "[2]", "[4,12]") + "}", 12), "tensor \"a\"", "leaves a gap",
                "expected 0");
        assertFails(st("{" + tensor("a", "F32", "[2]", "[0,8]") + "," + tensor("b", "F32", "[2]", "[4,12]") + "}",
                12), "tensor \"b\"", "begin 4 overlaps", "ends at 8");
        assertFails(st("{" + tensor("a", "U8", "[4294967296,4294967296]", "[0,0]") + "}", 0),
                "shape[0] = 4294967296 exceeds");
        assertFails(st("{" + tensor("a", "F64", "[2147483647,2147483647,2147483647]", "[0,0]") + "}", 0),
                "overflows 64 bits");
        assertFails(st("{" + tensor("a", "U8", "[2147483647,2147483647]", "[0,8]") + "}", 8),
                "needs 4611686014132420609 bytes", "span 8");
    }

    @Test
    void emptyShapeWhoseLeadingDimensionsPassIntMaxIsAFormatError() {
        byte[] file = st("{" + tensor("a", "U8", "[100000,100000,0]", "[0,0]") + "}", 0);
        assertFails(file, "tensor \"a\"", "shape [100000, 100000, 0]", "10000000000", "Integer.MAX_VALUE");
        assertFails(st("{" + tensor("a", "F64", "[2147483647,2,0]", "[0,0]") + "}", 0), "4294967294",
                "Integer.MAX_VALUE");
    }
}
