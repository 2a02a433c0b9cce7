package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Round trips over random tensor maps, and fuzzing ({@link FormatFuzz}): mutated, truncated or random bytes never
 *  escape as anything but a {@link SafetensorsFormatException}. */
class SafetensorsProperties {

    static Arbitrary<String> names() {
        return Arbitraries.strings().alpha().numeric().withChars("._-\"\\/\n\t\u0001\u007f \u00e9\u20ac\u4e2d")
                .ofMinLength(0).ofMaxLength(6);
    }

    @Provide
    Arbitrary<Map<String, NdArray>> tensorMaps() {
        return Arbitraries.maps(names().filter(s -> !s.equals("__metadata__")), FormatFuzz.arrays(4)).ofMaxSize(5);
    }

    @Provide
    Arbitrary<Map<String, String>> metadata() {
        return Arbitraries.maps(names(), names()).ofMaxSize(3).injectNull(0.3);
    }

    @Property(tries = 300)
    void roundTrip(@ForAll("tensorMaps") Map<String, NdArray> tensors, @ForAll("metadata") Map<String, String> meta)
            throws Exception {
        byte[] file = Safetensors.toBytes(tensors, meta);
        long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, n % 8, "header padded to 8 bytes");
        SafetensorsFile back = Safetensors.read(file);
        assertEquals(tensors, back.tensors());
        assertEquals(meta == null ? Map.of() : meta, back.metadata());
        long offset = 8 + n;
        for (NdArray a : back.tensors().values()) {
            assertEquals(0, offset % a.type().itemSize(), "every tensor is aligned to its element size");
            offset += a.size() * a.type().itemSize();
        }
        assertEquals(file.length, offset);
        assertEquals(Arrays.toString(file), Arrays.toString(Safetensors.toBytes(back.tensors(), meta)),
                "writing is deterministic and independent of the map's order");
    }

    @Property(tries = 300)
    void truncatedFilesFailCleanly(@ForAll("tensorMaps") Map<String, NdArray> tensors,
            @ForAll @IntRange(min = 0, max = 100_000) int cut) {
        byte[] file = Safetensors.toBytes(tensors, Map.of("format", "pt"));
        FormatFuzz.SAFETENSORS.readOrCleanError(FormatFuzz.truncate(file, cut));
    }

    @Property(tries = 1000)
    void mutatedFilesFailCleanly(@ForAll("tensorMaps") Map<String, NdArray> tensors, @ForAll long seed) {
        byte[] file = Safetensors.toBytes(tensors, Map.of("format", "pt"));
        int headerEnd = 8 + (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        FormatFuzz.SAFETENSORS.readOrCleanError(FormatFuzz.mutate(file, new Random(seed), FormatFuzz.anyByte(),
                FormatFuzz.headerChar("{}[]\":,\\u0123456789-.eE ntfDFUI", 8, headerEnd), FormatFuzz.preambleByte(8),
                FormatFuzz.grow(16), FormatFuzz.digitRun(8, headerEnd)));
    }

    @Property(tries = 300)
    void randomBytesFailCleanly(@ForAll long seed, @ForAll @IntRange(min = 0, max = 400) int length,
            @ForAll boolean plausibleLength) {
        byte[] file = new byte[length];
        Random r = new Random(seed);
        r.nextBytes(file);
        if (plausibleLength && length >= 9) {
            ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0, r.nextInt(length - 7)).put(8, (byte) '{');
        }
        FormatFuzz.SAFETENSORS.readOrCleanError(file);
    }

    @Property(tries = 200)
    void anyDeclaredHeaderLengthFailsCleanly(@ForAll long declared) {
        byte[] valid = Safetensors.toBytes(new LinkedHashMap<>(Map.of("w", NdArray.ofFloats(new float[3], 3))),
                null);
        ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).putLong(0, declared);
        FormatFuzz.SAFETENSORS.readOrCleanError(valid);
    }

    @Property(tries = 300)
    void anyDeclaredShapeFailsCleanly(@ForAll(supplier = FormatFuzz.DeclaredShapes.class) List<Long> dims,
            @ForAll boolean f64) {
        int bytes = FormatFuzz.dataBytes(dims, f64 ? 8 : 1);
        String shape = dims.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
        FormatFuzz.SAFETENSORS.readOrCleanError(SafetensorsMalformedTest.st("{" + SafetensorsMalformedTest.tensor("a",
                f64 ? "F64" : "U8", shape, "[0," + bytes + "]") + "}", bytes));
    }
}
