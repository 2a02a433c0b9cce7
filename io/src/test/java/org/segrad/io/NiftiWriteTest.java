package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The NIfTI-1 writer: what it writes reads back with the same geometry and values; bad values write nothing. */
class NiftiWriteTest {
    /** An oblique, anisotropic geometry with qform and sform set (values as a scanner would write them). */
    static NiftiGeometry oblique() {
        return new NiftiGeometry(new float[] {-1, 0.9f, 1.1f, 2.5f, 0, 0, 0, 0}, 1, 2,
                new float[] {0.1f, -0.2f, 0.05f}, new float[] {-90.5f, 120.25f, -70f},
                new float[] {-0.88f, 0.1f, 0.2f, 90.5f}, new float[] {0.05f, 1.07f, -0.4f, -120.25f},
                new float[] {0.01f, 0.2f, 2.45f, -70f}, NiftiGeometry.UNITS_MM | 8);
    }

    private static NiftiVolume volume(float[] values) {
        NiftiGeometry g = oblique();
        return new NiftiVolume(3, 4, 5, values, g.voxelSizes(), "v", g);
    }

    private static float[] ramp(int n, float scale, float shift) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = Math.round((i * 37 % n) * scale + shift);
        return v;
    }

    @ParameterizedTest
    @CsvSource({"v.nii, UINT8, 1, 0", "v.nii.gz, UINT8, 1, 0", "v.nii, INT16, 513, -30000", "v.nii.gz, INT16, 513, -30000",
            "v.nii, FLOAT32, 0.37, -2.5", "v.nii.gz, FLOAT32, 0.37, -2.5"})
    void roundTripKeepsGeometryAndValues(String name, NiftiDatatype type, float scale, float shift, @TempDir Path dir)
            throws IOException {
        float[] values = ramp(60, scale, shift);
        if (type == NiftiDatatype.FLOAT32) values[7] = 0.123456789f;
        Path f = dir.resolve(name);
        Nifti.write(f, volume(values), type);
        NiftiVolume back = Nifti.read(f);
        assertEquals(3, back.nx());
        assertEquals(4, back.ny());
        assertEquals(5, back.nz());
        assertEquals(oblique(), back.geometry());
        assertArrayEquals(values, back.data());
        byte[] raw = Files.readAllBytes(f);
        assertEquals(name.endsWith(".gz"), raw[0] == 0x1f && raw[1] == (byte) 0x8b, "gzip exactly for .gz names");
        try (Stream s = Stream.list(dir)) {
            assertEquals(1, s.count, "no temporary file left: " + s.names);
        }
    }

    @Test
    void bigEndianFilesReadTheSame() throws IOException {
        float[] values = ramp(60, 513, -30000);
        for (NiftiDatatype type : new NiftiDatatype[] {NiftiDatatype.INT16, NiftiDatatype.FLOAT32, NiftiDatatype.UINT8}) {
            float[] v = type == NiftiDatatype.UINT8 ? ramp(60, 1, 0) : values;
            for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                ByteArrayOutputStream bos = new ByteArrayOutputStream();
                NiftiWriter.encode(bos, 3, 4, 5, 1, v, oblique(), type, order);
                NiftiVolume back = Nifti.read(new ByteArrayInputStream(bos.toByteArray()), "be.nii", 1 << 20);
                assertEquals(oblique(), back.geometry(), type + " " + order);
                assertArrayEquals(v, back.data(), type + " " + order);
            }
        }
    }

    @Test
    void fourDimensionalProbabilityMapsHaveTheClassesAsDim4(@TempDir Path dir) throws IOException {
        float[] p = new float[60 * 2];
        for (int i = 0; i < 60; i++) {
            p[i] = i / 60f;
            p[60 + i] = 1 - i / 60f;
        }
        Path f = dir.resolve("p.nii.gz");
        Nifti.write(f, 3, 4, 5, 2, p, oblique(), NiftiDatatype.FLOAT32);
        byte[] raw;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
            raw = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(348, b.getInt(0));
        short[] dim = new short[8];
        for (int i = 0; i < 8; i++) dim[i] = b.getShort(40 + 2 * i);
        assertArrayEquals(new short[] {4, 3, 4, 5, 2, 1, 1, 1}, dim);
        assertEquals(16, b.getShort(70));
        assertEquals(1f, b.getFloat(76 + 16), "pixdim[4] of the class axis");
        assertEquals(352, raw.length - 120 * 4);
        for (int i = 0; i < p.length; i++) assertEquals(p[i], b.getFloat(352 + 4 * i));
    }

    @Test
    void aValueTheTypeCannotHoldWritesNothing(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("labels.nii.gz");
        Nifti.write(f, volume(ramp(60, 1, 0)), NiftiDatatype.UINT8);
        byte[] before = Files.readAllBytes(f);
        float[] bad = ramp(60, 1, 0);
        bad[11] = 256;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Nifti.write(f, volume(bad), NiftiDatatype.UINT8));
        assertTrue(e.getMessage().contains("256") && e.getMessage().contains("UINT8"), e.getMessage());
        bad[11] = 1.5f;
        assertThrows(IllegalArgumentException.class, () -> Nifti.write(f, volume(bad), NiftiDatatype.INT16));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (Stream s = Stream.list(dir)) {
            assertEquals(1, s.count, "no temporary file left: " + s.names);
        }
    }

    /** The names in a folder. */
    private record Stream(long count, String names) implements AutoCloseable {
        static Stream list(Path dir) throws IOException {
            try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                java.util.List<String> names = s.map(p -> p.getFileName().toString()).toList();
                return new Stream(names.size(), names.toString());
            }
        }

        @Override
        public void close() {
        }
    }
}
