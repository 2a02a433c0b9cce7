package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Round trips over random arrays, and fuzzing ({@link FormatFuzz}): mutated, truncated or random bytes never escape as
 *  anything but a {@link NpyFormatException}. */
class NpyProperties {

    @Provide
    static Arbitrary<NdArray> arrays() {
        return FormatFuzz.arrays(5);
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

    @Property(tries = 400)
    void truncatedFilesFailCleanly(@ForAll("arrays") NdArray a, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        FormatFuzz.NPY.readOrCleanError(FormatFuzz.truncate(Npy.toBytes(a), cut));
    }

    @Property(tries = 800)
    void mutatedFilesFailCleanly(@ForAll("arrays") NdArray a, @ForAll long seed) {
        byte[] file = Npy.toBytes(a);
        int headerEnd = file.length - (int) a.size() * a.type().itemSize();
        FormatFuzz.NPY.readOrCleanError(FormatFuzz.mutate(file, new Random(seed), FormatFuzz.anyByte(),
                FormatFuzz.headerChar("(),:'\"{}[] 0123456789-LTrueFalse\n\\<>|fiub", 10, headerEnd),
                FormatFuzz.preambleByte(10), FormatFuzz.grow(16), FormatFuzz.digitRun(10, headerEnd)));
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
        FormatFuzz.NPY.readOrCleanError(file);
    }

    @Property(tries = 300)
    void anyDeclaredShapeFailsCleanly(@ForAll(supplier = FormatFuzz.DeclaredShapes.class) List<Long> dims,
            @ForAll boolean f8) {
        String shape = dims.stream().map(String::valueOf).collect(Collectors.joining(", ", "(",
                dims.size() == 1 ? ",)" : ")"));
        FormatFuzz.NPY.readOrCleanError(NpyMalformedTest.npy(NpyMalformedTest.dict(f8 ? "<f8" : "|u1", shape),
                FormatFuzz.dataBytes(dims, f8 ? 8 : 1)));
    }
}
