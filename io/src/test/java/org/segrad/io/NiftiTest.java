package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NiftiTest {
    @TempDir
    Path dir;

    private static NiftiVolume parse(byte[] bytes) throws IOException {
        return Nifti.read(new ByteArrayInputStream(bytes), "test.nii", Nifti.DEFAULT_MAX_BYTES);
    }

    private static IOException failure(NiftiBytes nb) {
        return assertThrows(IOException.class, () -> parse(nb.bytes()));
    }

    @Test
    void everyDatatypeInBothByteOrdersPlainAndGzipped() throws IOException {
        int[][] types = {{2, 8}, {4, 16}, {8, 32}, {16, 32}, {64, 64}, {256, 8}, {512, 16}, {768, 32}};
        double[][] samples = {
            {0, 1, 200, 255, 17, 3}, {-32768, -1, 0, 1, 300, 32767}, {-100000, -1, 0, 1, 7, 100000},
            {-1.5, 0, 0.25, 3e4, 1e-3, 2}, {-2.5, 0, 0.5, 1e6, -7, 1}, {-128, -1, 0, 1, 5, 127},
            {0, 1, 2, 65535, 40000, 9}, {0, 1, 2, 3, 4000000, 16777216},
        };
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            for (int t = 0; t < types.length; t++) {
                NiftiBytes nb = new NiftiBytes().dims(3, 2, 1).type(types[t][0], types[t][1]);
                nb.order = order;
                nb.values = samples[t];
                for (byte[] bytes : new byte[][] {nb.bytes(), NiftiBytes.gzip(nb.bytes())}) {
                    NiftiVolume v = parse(bytes);
                    String what = "datatype " + types[t][0] + " " + order;
                    assertEquals(3, v.nx(), what);
                    assertEquals(2, v.ny(), what);
                    assertEquals(1, v.nz(), what);
                    assertArrayEquals(new float[] {1.5f, 2f, 3f}, v.pixdim(), what);
                    for (int i = 0; i < 6; i++) {
                        assertEquals((float) samples[t][i], v.data()[i], what + " voxel " + i);
                    }
                }
            }
        }
    }

    @Test
    void sclSlopeAndInterceptApplyAndSlopeZeroIsIdentity() throws IOException {
        NiftiBytes nb = new NiftiBytes().dims(2).type(4, 16);
        nb.values = new double[] {10, -4};
        nb.slope = 0.5f;
        nb.inter = 1f;
        assertArrayEquals(new float[] {6f, -1f}, parse(nb.bytes()).data());
        nb.slope = 0f;
        assertArrayEquals(new float[] {10f, -4f}, parse(nb.bytes()).data());
    }

    @Test
    void largerVoxOffsetIsHonouredAndFilesWork() throws IOException {
        NiftiBytes nb = new NiftiBytes().dims(2, 2).type(2, 8);
        nb.values = new double[] {9, 9, 1, 2}; // the first two bytes become padding
        nb.voxOffset = 354;
        nb.dims(2, 1);
        byte[] b = nb.bytes();
        Path f = dir.resolve("v.nii");
        Files.write(f, b);
        assertArrayEquals(new float[] {1f, 2f}, Nifti.read(f).data());
        Path g = dir.resolve("v.nii.gz");
        Files.write(g, NiftiBytes.gzip(b));
        assertArrayEquals(new float[] {1f, 2f}, Nifti.read(g).data());
    }

    @Test
    void slicingOrientationAndScaling() {
        NiftiVolume v = TestVolumes.ramp234(); // value x + 10y + 100z
        assertArrayEquals(new float[] {120, 121, 110, 111, 100, 101}, v.slice(2, 1)); // rows y = 2, 1, 0
        assertEquals(4, v.sliceHeight(0));
        assertEquals(3, v.sliceWidth(0));
        assertArrayEquals(new float[] {301, 311, 321, 201, 211, 221, 101, 111, 121, 1, 11, 21}, v.slice(0, 1));
        assertArrayEquals(new float[] {320, 321, 220, 221, 120, 121, 20, 21}, v.slice(1, 2));
        NiftiVolume s = v.minMaxScaled();
        assertEquals(0f, s.get(0, 0, 0));
        assertEquals(1f, s.get(1, 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> v.slice(2, 4));
        assertThrows(IllegalArgumentException.class, () -> v.slice(3, 0));
    }

    @Test
    void wrongSizeofHdr() {
        NiftiBytes nb = new NiftiBytes();
        nb.sizeofHdr = 540;
        assertTrue(failure(nb).getMessage().contains("sizeof_hdr"));
    }

    @Test
    void wrongMagic() {
        NiftiBytes nb = new NiftiBytes();
        nb.magic = "ni1";
        assertTrue(failure(nb).getMessage().contains("not supported"));
    }

    @Test
    void negativeAndZeroDims() {
        assertTrue(failure(new NiftiBytes().dims(4, -3, 2)).getMessage().contains("dim[2] = -3"));
        assertTrue(failure(new NiftiBytes().dims(0)).getMessage().contains("dim[1] = 0"));
        NiftiBytes nb = new NiftiBytes();
        nb.dim[0] = 9;
        assertTrue(failure(nb).getMessage().contains("dim[0] = 9"));
    }

    @Test
    void truncatedData() {
        NiftiBytes nb = new NiftiBytes().dims(4, 4, 4);
        nb.values = new double[64];
        nb.dropTail = 10;
        IOException e = failure(nb);
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("test.nii"), e.getMessage());
        assertThrows(IOException.class, () -> parse(java.util.Arrays.copyOf(NiftiBytes.gzip(nb.bytes()), 100)));
        assertThrows(IOException.class, () -> parse(new byte[100]));
    }

    @Test
    void giantDeclaredDimsAreRefusedBeforeAllocation() {
        IOException e = failure(new NiftiBytes().dims(32767, 32767, 32767).type(64, 64));
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
        // Under the byte limit but far more than the stream holds: read in chunks, fails on EOF, no 900 MB array.
        IOException e2 = failure(new NiftiBytes().dims(30000, 30000).type(2, 8));
        assertTrue(e2.getMessage().contains("truncated"), e2.getMessage());
    }

    @Test
    void bitpixAndDatatypeMustAgree() {
        assertTrue(failure(new NiftiBytes().type(16, 64)).getMessage().contains("bitpix"));
        assertTrue(failure(new NiftiBytes().type(32, 64)).getMessage().contains("datatype = 32"));
    }

    @Test
    void badVoxOffsetAndFourD() {
        NiftiBytes nb = new NiftiBytes();
        nb.voxOffset = 100;
        assertTrue(failure(nb).getMessage().contains("vox_offset"));
        assertTrue(failure(new NiftiBytes().dims(2, 2, 2, 3)).getMessage().contains("dim[4] = 3"));
    }
}
