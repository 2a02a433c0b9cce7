package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.segrad.io.NdArray;

/** Round trips over random tensor maps, and fuzzing: mutated, truncated or random bytes never escape as anything but
 *  a {@link SafetensorsFormatException}. */
class SafetensorsProperties {

    static Arbitrary<String> names() {
        return Arbitraries.strings().alpha().numeric().withChars("._-\"\\/\n\t\u0001\u007f \u00e9\u20ac\u4e2d")
                .ofMinLength(0).ofMaxLength(6);
    }

    static Arbitrary<NdArray> arrays() {
        Arbitrary<NdArray.Type> types = Arbitraries.of(NdArray.Type.values());
        Arbitrary<List<Integer>> shapes = Arbitraries.integers().between(0, 4).list().ofMaxSize(4);
        return Combinators.combine(types, shapes, Arbitraries.longs()).as(SafetensorsProperties::randomArray);
    }

    static NdArray randomArray(NdArray.Type type, List<Integer> dims, long seed) {
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        Random r = new Random(seed);
        switch (type) {
            case F32: {
                float[] d = new float[n];
                for (int i = 0; i < n; i++) {
                    d[i] = Float.intBitsToFloat(r.nextInt());
                }
                return NdArray.ofFloats(d, shape);
            }
            case F64: {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = Double.longBitsToDouble(r.nextLong());
                }
                return NdArray.ofDoubles(d, shape);
            }
            case I64: {
                long[] d = new long[n];
                for (int i = 0; i < n; i++) {
                    d[i] = r.nextLong();
                }
                return NdArray.ofLongs(d, shape);
            }
            default: {
                byte[] d = new byte[n];
                r.nextBytes(d);
                return NdArray.ofBytes(d, shape);
            }
        }
    }

    @Provide
    Arbitrary<Map<String, NdArray>> tensorMaps() {
        return Arbitraries.maps(names().filter(s -> !s.equals("__metadata__")), arrays()).ofMaxSize(5);
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

    /** Reads {@code bytes}; success is fine, a {@link SafetensorsFormatException} with a message is fine, nothing
     *  else is (no OutOfMemoryError, no runtime exception). */
    static void readOrCleanError(byte[] bytes) {
        try {
            assertNotNull(Safetensors.read(bytes));
        } catch (SafetensorsFormatException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank());
        }
    }

    @Property(tries = 300)
    void truncatedFilesFailCleanly(@ForAll("tensorMaps") Map<String, NdArray> tensors,
            @ForAll @IntRange(min = 0, max = 100_000) int cut) {
        byte[] file = Safetensors.toBytes(tensors, Map.of("format", "pt"));
        readOrCleanError(Arrays.copyOf(file, cut % (file.length + 1)));
    }

    @Property(tries = 1000)
    void mutatedFilesFailCleanly(@ForAll("tensorMaps") Map<String, NdArray> tensors, @ForAll long seed) {
        byte[] file = Safetensors.toBytes(tensors, Map.of("format", "pt"));
        Random r = new Random(seed);
        byte[] interesting = "{}[]\":,\\u0123456789-.eE ntfDFUI".getBytes(StandardCharsets.US_ASCII);
        long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        int mutations = 1 + r.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int inHeader = 8 + r.nextInt((int) n);
            switch (r.nextInt(5)) {
                case 0:
                    file[r.nextInt(file.length)] = (byte) r.nextInt(256);
                    break;
                case 1:
                    file[inHeader] = interesting[r.nextInt(interesting.length)];
                    break;
                case 2:
                    file[r.nextInt(8)] = (byte) r.nextInt(256);
                    break;
                case 3:
                    file = Arrays.copyOf(file, file.length + 1 + r.nextInt(16));
                    break;
                default:
                    byte[] digits = Long.toString(Math.abs(r.nextLong() >> r.nextInt(64)))
                            .getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(digits, 0, file, inHeader, Math.min(digits.length, file.length - inHeader));
                    break;
            }
        }
        readOrCleanError(file);
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
        readOrCleanError(file);
    }

    @Property(tries = 200)
    void anyDeclaredHeaderLengthFailsCleanly(@ForAll long declared) {
        byte[] valid = Safetensors.toBytes(new LinkedHashMap<>(Map.of("w", NdArray.ofFloats(new float[3], 3))),
                null);
        ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).putLong(0, declared);
        readOrCleanError(valid);
    }
}
