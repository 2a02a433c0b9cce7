package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.segrad.io.NdArray;

/** Round trips over random arrays, and fuzzing: mutated, truncated or random bytes never escape as anything but a
 *  {@link NpyFormatException}. */
class NpyProperties {

    @Provide
    static Arbitrary<NdArray> arrays() {
        Arbitrary<NdArray.Type> types = Arbitraries.of(NdArray.Type.values());
        Arbitrary<List<Integer>> shapes = Arbitraries.integers().between(0, 5).list().ofMaxSize(4);
        return Combinators.combine(types, shapes, Arbitraries.longs()).as(NpyProperties::randomArray);
    }

    static NdArray randomArray(NdArray.Type type, List<Integer> dims, long seed) {
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        Random r = new Random(seed);
        switch (type) {
            case F32: {
                float[] d = new float[n];
                for (int i = 0; i < n; i++) {
                    d[i] = i % 3 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) r.nextGaussian();
                }
                return NdArray.ofFloats(d, shape);
            }
            case F64: {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = i % 3 == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextGaussian();
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

    @Property(tries = 300)
    void roundTripInMemory(@ForAll("arrays") NdArray a) throws Exception {
        byte[] file = Npy.toBytes(a);
        assertEquals(0, (file.length - a.size() * a.type().itemSize()) % 64, "header is 64-byte aligned");
        assertEquals(a, Npy.read(file));
    }

    @Property(tries = 20)
    void roundTripThroughAtomicFile(@ForAll("arrays") NdArray a) throws Exception {
        Path dir = Files.createTempDirectory("npy");
        try {
            Path p = dir.resolve("a.npy");
            Npy.write(p, a);
            Npy.write(p, a);
            assertEquals(a, Npy.read(p));
            try (var files = Files.list(dir)) {
                assertEquals(1, files.count(), "no temporary file is left behind");
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    /** Reads {@code bytes}; success is fine, an {@link NpyFormatException} with a message is fine, nothing else is. */
    static void readOrCleanError(byte[] bytes) {
        try {
            NdArray a = Npy.read(bytes);
            assertNotNull(a);
        } catch (NpyFormatException e) {
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isBlank());
        }
    }

    @Property(tries = 400)
    void truncatedFilesFailCleanly(@ForAll("arrays") NdArray a, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] file = Npy.toBytes(a);
        int len = cut % (file.length + 1);
        readOrCleanError(Arrays.copyOf(file, len));
    }

    @Property(tries = 800)
    void mutatedFilesFailCleanly(@ForAll("arrays") NdArray a, @ForAll long seed) {
        byte[] file = Npy.toBytes(a);
        Random r = new Random(seed);
        int mutations = 1 + r.nextInt(4);
        byte[] interesting = "(),:'\"{}[] 0123456789-LTrueFalse\n\\<>|fiub".getBytes();
        for (int m = 0; m < mutations; m++) {
            int at = r.nextInt(file.length);
            switch (r.nextInt(4)) {
                case 0:
                    file[at] = (byte) r.nextInt(256);
                    break;
                case 1:
                    file[at] = interesting[r.nextInt(interesting.length)];
                    break;
                case 2:
                    file[Math.min(at, 9)] = (byte) r.nextInt(256);
                    break;
                default:
                    file = Arrays.copyOf(file, file.length + 1 + r.nextInt(16));
                    break;
            }
        }
        readOrCleanError(file);
    }

    @Property(tries = 300)
    void randomBytesFailCleanly(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int length,
            @ForAll boolean withMagic) {
        byte[] file = new byte[length];
        new Random(seed).nextBytes(file);
        if (withMagic && length >= 8) {
            System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) (1 + (seed & 1)), 0}, 0, file,
                    0, 8);
        }
        readOrCleanError(file);
    }
}
