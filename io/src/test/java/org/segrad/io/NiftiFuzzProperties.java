package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes the NIfTI reader ({@link FormatFuzz}): random bytes and mutated valid files must give a volume or one clear
 * IOException — never another exception type, an OutOfMemoryError or a hang. The byte limit is small (64 MiB) so that
 * a mutated header declaring a large but legal size is refused or fails on EOF quickly.
 */
class NiftiFuzzProperties {
    private static final long LIMIT = 64L << 20;

    /** A volume whose voxel count matches its dimensions, or an IOException that names the file. */
    private static final FormatFuzz<NiftiVolume> NIFTI = FormatFuzz
            .of(bytes -> Nifti.read(new ByteArrayInputStream(bytes), "fuzz.nii", LIMIT), IOException.class)
            .resultsMust(v -> assertTrue((long) v.nx() * v.ny() * v.nz() == v.data().length))
            .messagesMust(m -> assertTrue(m.contains("fuzz.nii"), m));

    @Property(tries = 300)
    void randomBytes(@ForAll @Size(max = 1200) byte[] bytes, @ForAll boolean gzip) {
        NIFTI.readOrCleanError(gzip ? NiftiBytes.gzip(bytes) : bytes);
    }

    @Provide
    Arbitrary<byte[]> validFiles() {
        return Arbitraries.of(2, 4, 8, 16, 64, 256, 512, 768).flatMap(dt -> Arbitraries.integers().between(1, 6)
                .map(n -> {
                    NiftiBytes nb = new NiftiBytes().dims(n, n + 1, 2);
                    nb.type(dt, 8 * Nifti.bytesPerVoxel(dt));
                    nb.order = n % 2 == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                    nb.values = new double[n * (n + 1) * 2];
                    for (int i = 0; i < nb.values.length; i++) {
                        nb.values[i] = i % 100;
                    }
                    return nb.bytes();
                }));
    }

    @Property(tries = 400)
    void mutatedValidFiles(@ForAll("validFiles") byte[] valid, @ForAll @Size(min = 1, max = 8) int[] positions,
                           @ForAll @Size(min = 8, max = 8) byte[] values, @ForAll @IntRange(min = 0, max = 40) int cut,
                           @ForAll boolean gzip) {
        byte[] b = valid.clone();
        for (int i = 0; i < positions.length; i++) {
            // bias mutations towards the header fields that matter (0..120 and the magic), sometimes the data
            int p = Math.floorMod(positions[i], 3) == 0 ? Math.floorMod(positions[i], b.length)
                    : Math.floorMod(positions[i], 124);
            b[p] = values[i];
        }
        byte[] cutB = java.util.Arrays.copyOf(b, Math.max(0, b.length - cut));
        NIFTI.readOrCleanError(gzip ? NiftiBytes.gzip(cutB) : cutB);
    }

    @Property(tries = 200)
    void headerFieldsSetToExtremes(@ForAll("validFiles") byte[] valid, @ForAll @IntRange(min = 0, max = 20) int field,
                                   @ForAll short value) {
        byte[] b = valid.clone();
        int[] offsets = {0, 40, 42, 44, 46, 48, 50, 70, 72, 108, 110, 112, 114, 116, 118, 344, 345, 346, 347, 2, 1};
        int o = offsets[field];
        b[o] = (byte) value;
        b[o + 1] = (byte) (value >> 8);
        NIFTI.readOrCleanError(b);
    }

    @Property(tries = 50)
    void gzipCorruptionNeverYieldsADifferentVolume(@ForAll("validFiles") byte[] valid, @ForAll @IntRange(min = 10, max = 200)
            int p, @ForAll byte v) throws IOException {
        byte[] gz = NiftiBytes.gzip(valid);
        gz[Math.min(p, gz.length - 10)] ^= (byte) (v | 1); // a deflate byte (not the padded last one)
        // Some flips cannot be seen: a changed code length of a Huffman symbol the stream never uses decodes to the
        // same bytes (and so the same CRC). The law is that corruption never yields a DIFFERENT volume silently.
        NiftiVolume original = Nifti.read(new ByteArrayInputStream(NiftiBytes.gzip(valid)), "fuzz.nii", LIMIT);
        NiftiVolume read;
        try {
            read = Nifti.read(new ByteArrayInputStream(gz), "fuzz.nii", LIMIT);
        } catch (IOException expected) {
            return;
        }
        assertTrue(java.util.Arrays.equals(original.data(), read.data()) && original.nx() == read.nx()
                && original.ny() == read.ny() && original.nz() == read.nz(), "a corrupted gzip stream read as a different volume");
    }

    @Property(tries = 50)
    void gzipCorruptionIsAnIOException(@ForAll("validFiles") byte[] valid, @ForAll @IntRange(min = 10, max = 60) int p,
                                       @ForAll byte v) {
        byte[] gz = NiftiBytes.gzip(valid);
        gz[Math.min(p, gz.length - 1)] ^= (byte) (v | 1);
        NIFTI.readOrCleanError(gz);
    }
}
