package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.segrad.io.NdArray;

/** Files written by NumPy 1.24 (src/test/resources/npy/make_fixtures.py) read back exactly, and we write them alike. */
class NpyFixturesTest {

    static byte[] fixture(String name) {
        try (InputStream in = NpyFixturesTest.class.getResourceAsStream("/npy/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /npy/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void float32Matrix() throws IOException {
        NdArray a = Npy.read(fixture("f4_2x3.npy"));
        assertEquals(NdArray.Type.F32, a.type());
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 0.5f, 1f, 1.5f}, a.floats());
    }

    @Test
    void float64Scalar() throws IOException {
        NdArray a = Npy.read(fixture("f8_scalar.npy"));
        assertArrayEquals(new int[0], a.shape());
        assertEquals(1, a.size());
        assertArrayEquals(new double[] {3.25}, a.doubles());
    }

    @Test
    void int64Vector() throws IOException {
        NdArray a = Npy.read(fixture("i8_3.npy"));
        assertArrayEquals(new int[] {3}, a.shape());
        assertArrayEquals(new long[] {-3, 0, 1L << 40}, a.longs());
    }

    @Test
    void uint8VectorAndZeroSize() throws IOException {
        NdArray a = Npy.read(fixture("u1_4.npy"));
        assertArrayEquals(new byte[] {0, 1, (byte) 255, 7}, a.bytes());
        NdArray empty = Npy.read(fixture("u1_2x0x3.npy"));
        assertArrayEquals(new int[] {2, 0, 3}, empty.shape());
        assertEquals(0, empty.size());
    }

    @Test
    void widenedTypes() throws IOException {
        NdArray i4 = Npy.read(fixture("i4_2x2.npy"));
        assertEquals(NdArray.Type.I64, i4.type());
        assertArrayEquals(new long[] {-1, 2, 3, Integer.MIN_VALUE}, i4.longs());
        assertArrayEquals(new long[] {-128, 127}, Npy.read(fixture("i1_2.npy")).longs());
        NdArray b1 = Npy.read(fixture("b1_3.npy"));
        assertEquals(NdArray.Type.U8, b1.type());
        assertArrayEquals(new byte[] {1, 0, 1}, b1.bytes());
    }

    @Test
    void versionsTwoAndThree() throws IOException {
        assertArrayEquals(new double[] {1.5, -2.0, 0.0, 1e300}, Npy.read(fixture("f8_v2_2x2.npy")).doubles());
        assertArrayEquals(new float[] {1, 2, 3}, Npy.read(fixture("f4_v3_3.npy")).floats());
    }

    @ParameterizedTest
    @ValueSource(strings = {"f4_2x3.npy", "f8_scalar.npy", "i8_3.npy", "u1_4.npy", "u1_2x0x3.npy"})
    void writerIsByteIdenticalToNumpy(String name) throws IOException {
        byte[] numpy = fixture(name);
        assertArrayEquals(numpy, Npy.toBytes(Npy.read(numpy)), name);
    }

    @Test
    void headerBeyond64KiBSwitchesToVersion2() throws IOException {
        int[] shape = new int[22_000];
        java.util.Arrays.fill(shape, 1);
        NdArray a = NdArray.ofFloats(new float[] {2.5f}, shape);
        byte[] file = Npy.toBytes(a);
        assertEquals(2, file[6]);
        assertEquals(0, (file.length - 4) % 64);
        assertEquals(a, Npy.read(file));
    }

    @Test
    void fortranOrderIsRefused() {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(fixture("fortran_2x3.npy")));
        assertTrue(e.getMessage().contains("fortran_order"), e.getMessage());
    }

    @Test
    void bigEndianIsRefused() {
        NpyFormatException e = assertThrows(NpyFormatException.class,
                () -> Npy.read(fixture("bigendian_f4_2.npy")));
        assertTrue(e.getMessage().contains(">f4") && e.getMessage().contains("big-endian"), e.getMessage());
    }
}
