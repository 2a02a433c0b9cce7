package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.io.NdArray;

/** Files made by src/test/resources/safetensors/make_fixtures.py (PyTorch tensors, the reference layout). */
class SafetensorsFixturesTest {

    static byte[] fixture(String name) {
        try (InputStream in = SafetensorsFixturesTest.class.getResourceAsStream("/safetensors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /safetensors/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void readsEveryTensorAndTheMetadata() throws IOException {
        SafetensorsFile f = Safetensors.read(fixture("state.safetensors"));
        assertEquals(List.of("bn.num_batches_tracked", "bn.running_var", "caf\u00e9", "conv.weight", "empty",
                "head.bias", "mask"), List.copyOf(f.tensors().keySet()), "offset order");
        assertEquals(Map.of("format", "pt", "note", "quote \" backslash \\ newline \n tab \t"), f.metadata());

        NdArray nbt = f.tensor("bn.num_batches_tracked");
        assertArrayEquals(new int[0], nbt.shape());
        assertArrayEquals(new long[] {7}, nbt.longs());
        assertArrayEquals(new double[] {0.5, 1.0, 1e-300}, f.tensor("bn.running_var").doubles());
        NdArray w = f.tensor("conv.weight");
        assertArrayEquals(new int[] {2, 3, 2, 2}, w.shape());
        for (int i = 0; i < 24; i++) {
            assertEquals(i / 8f - 1, w.floats()[i]);
        }
        assertArrayEquals(new int[] {0, 4}, f.tensor("empty").shape());
        assertArrayEquals(new float[] {0.25f, -3.5f}, f.tensor("head.bias").floats());
        assertArrayEquals(new byte[] {0, 1, (byte) 254, (byte) 255}, f.tensor("mask").bytes());
        assertArrayEquals(new float[] {1f}, f.tensor("caf\u00e9").floats());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.tensor("nope"));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("conv.weight"), e.getMessage());
    }

    @Test
    void writerIsByteIdenticalToTheReferenceLayout() throws IOException {
        byte[] reference = fixture("state.safetensors");
        SafetensorsFile f = Safetensors.read(reference);
        assertArrayEquals(reference, Safetensors.toBytes(f.tensors(), f.metadata()));
    }

    @Test
    void readsAnOlderWritersLayout() throws IOException {
        SafetensorsFile legacy = Safetensors.read(fixture("legacy_order.safetensors"));
        SafetensorsFile reference = Safetensors.read(fixture("state.safetensors"));
        assertTrue(legacy.metadata().isEmpty());
        assertEquals(reference.tensors(), legacy.tensors());
    }

    @Test
    void atomicWriteReplacesAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("model.safetensors");
        SafetensorsFile f = Safetensors.read(fixture("state.safetensors"));
        Files.write(p, new byte[] {1, 2, 3});
        Safetensors.write(p, f.tensors(), f.metadata());
        assertArrayEquals(fixture("state.safetensors"), Files.readAllBytes(p));
        assertEquals(f.tensors(), Safetensors.readTensors(p));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void failedWriteLeavesTargetAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("busy");
        Files.createDirectory(target);
        Files.write(target.resolve("inside"), new byte[] {9});
        SafetensorsFile f = Safetensors.read(fixture("state.safetensors"));
        assertThrows(IOException.class, () -> Safetensors.write(target, f.tensors(), f.metadata()));
        assertTrue(Files.isDirectory(target));
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(target.resolve("inside")));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the untouched target remains");
        }
    }

    @Test
    void emptyFileWithoutTensors() throws IOException {
        byte[] bytes = Safetensors.toBytes(Map.of(), null);
        assertArrayEquals(new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '}, bytes);
        SafetensorsFile f = Safetensors.read(bytes);
        assertTrue(f.tensors().isEmpty());
        assertTrue(f.metadata().isEmpty());
        assertFalse(Safetensors.toBytes(Map.of(), Map.of("k", "v")).length == bytes.length);
    }

    /** The byte layouts the reference implementation's own unit tests expect (header text, padding, length). */
    @Test
    void matchesTheReferenceImplementationsTestVectors() throws IOException {
        float[] six = {0, 1, 2, 3, 4, 5};
        assertHeader(Safetensors.toBytes(Map.of("attn.0", NdArray.ofFloats(six, 1, 2, 3)), null), 64,
                "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}");
        assertHeader(Safetensors.toBytes(Map.of("attn0", NdArray.ofFloats(six, 1, 1, 2, 3)), null), 72,
                "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ");
        assertHeader(Safetensors.toBytes(Map.of(), Map.of("framework", "pt")), 40,
                "{\"__metadata__\":{\"framework\":\"pt\"}}     ");
    }

    private static void assertHeader(byte[] file, int length, String header) {
        assertEquals(length, java.nio.ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0));
        assertEquals(header, new String(file, 8, length, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void writerRefusesTheReservedName() {
        NdArray a = NdArray.ofFloats(new float[1], 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.toBytes(Map.of("__metadata__", a), null));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }
}
