package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The input-side findings of the red-team pass (issue 12, point 5) on the file formats: each is its format's error. */
class RedTeamInputsTest {

    @Test
    void safetensorsShapeWhosePartialProductOverflowsIsItsFormatException() {
        String json = "{\"t\":{\"dtype\":\"F32\",\"shape\":[100000,100000,0],\"data_offsets\":[0,0]}}";
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        byte[] file = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
        assertTrue(file.length < 100);
        assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(file));
    }

    @Test
    void npyShapeWhosePartialProductOverflowsIsItsFormatException() {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 0), }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        String header = dict + " ".repeat(pad == 64 ? 0 : pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        assertThrows(NpyFormatException.class, () -> Npy.read(b.array()));
    }

    @Test
    void niftiThatDeclaresMoreThanTheHeapHoldsIsOneClearIOException() {
        long voxels = 1024L * 1024 * 1024;
        long need = voxels + Nifti.FLOAT_COPIES * 4L * voxels;
        assumeTrue(Runtime.getRuntime().maxMemory() < need, "this JVM's heap could hold it");
        // 1024³ uint8 voxels (1 GiB: within the default byte bound) in a tiny gzip file with no data.
        // The first 4 MiB of zero voxels are present (a gzip bomb holds them all; the error comes while they arrive).
        NiftiBytes n = new NiftiBytes().dims(1024, 1024, 1024).type(2, 8);
        byte[] head = n.bytes();
        byte[] gz = NiftiBytes.gzip(java.util.Arrays.copyOf(head, head.length + (4 << 20)));
        assertTrue(gz.length < 100_000, "compressed " + gz.length);
        IOException e = assertThrows(IOException.class,
                () -> Nifti.read(new ByteArrayInputStream(gz), "bomb.nii.gz", Nifti.DEFAULT_MAX_BYTES));
        assertTrue(e.getMessage().contains("bomb.nii.gz") && e.getMessage().contains("Java heap")
                && e.getMessage().contains("1024x1024x1024"), e.getMessage());
    }

    @Test
    void jsonDocumentsRoundTripWithNumbersBooleansAndNull() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("a", 1L);
        m.put("b", 0.5);
        m.put("c", java.util.List.of("x", true, false));
        m.put("d", null);
        m.put("e", -1.25e-7);
        m.put("f", "q\"uote\n");
        assertEquals(m, JsonReader.parseDocument(JsonWriter.write(m)));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parseDocument("{\"a\":01.5}"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parseDocument("{\"a\":1}x"));
    }
}
