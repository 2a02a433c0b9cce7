package org.segrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;
import org.segrad.io.NdArray;
import org.segrad.io.Safetensors;
import org.segrad.io.SafetensorsFormatException;

class CheckpointTest {
    @TempDir
    Path dir;

    @Test
    void aCheckpointWrittenByPyTorchLoads() throws IOException {
        Path torch = dir.resolve("torch_unet_init.safetensors");
        Files.write(torch, ParityFixture.resource("/parity/torch_unet_init.safetensors"));
        UNet m = new UNet(1, 2, 4, 3, 99);
        Module.LoadResult r = m.load(torch);
        assertTrue(r.missingKeys().isEmpty() && r.unexpectedKeys().isEmpty());
        LinkedHashMap<String, Tensor> expected = new ParityFixture("unet").under("init/");
        LinkedHashMap<String, Tensor> got = m.stateDict();
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(got.keySet()));
        expected.forEach((k, v) -> assertArrayEquals(v.toDoubleArray(), got.get(k).toDoubleArray(), k));
    }

    @Test
    void saveThenLoadRestoresEverythingWithPyTorchTypes() throws IOException {
        UNet a = new UNet(1, 2, 2, 2, 1);
        a.forward(Tensor.normal(DType.FLOAT32, 2, 0, 1, 2, 1, 4, 4)); // moves running stats, counts a batch
        Path p = dir.resolve("a.safetensors");
        a.save(p);
        Map<String, NdArray> file = Safetensors.read(p).tensors();
        assertEquals(NdArray.Type.I64, file.get("down.0.1.num_batches_tracked").type());
        assertArrayEquals(new long[] {1}, file.get("down.0.1.num_batches_tracked").longs());
        assertArrayEquals(new int[0], file.get("down.0.1.num_batches_tracked").shape());
        assertEquals(NdArray.Type.F32, file.get("down.0.0.weight").type());
        assertEquals(Safetensors.read(p).metadata().get("format"), "pt");

        UNet b = new UNet(1, 2, 2, 2, 2);
        b.load(p);
        a.stateDict().forEach((k, v) -> assertArrayEquals(v.toDoubleArray(), b.stateDict().get(k).toDoubleArray(), k));

        b.to(DType.FLOAT64).save(p);
        assertEquals(NdArray.Type.F64, Safetensors.read(p).tensors().get("head.bias").type());
        UNet c = new UNet(1, 2, 2, 2, 3);
        c.load(p); // F64 values into FLOAT32 parameters
        assertEquals(DType.FLOAT32, c.dtype());
        a.stateDict().forEach((k, v) -> assertArrayEquals(v.toDoubleArray(), c.stateDict().get(k).toDoubleArray(), k));
    }

    @Test
    void errorsNameTheKeys() throws IOException {
        Path p = dir.resolve("small.safetensors");
        new UNet(1, 2, 2, 2).save(p);
        StateDictException e = assertThrows(StateDictException.class, () -> new UNet(1, 2, 4, 2).load(p));
        assertTrue(e.misshapedKeys().contains("down.0.0.weight: expected [4, 1, 3, 3] but got [2, 1, 3, 3]"), e.getMessage());
        Map<String, NdArray> edited = new LinkedHashMap<>(Safetensors.read(p).tensors());
        edited.remove("head.bias");
        edited.put("extra.weight", NdArray.ofFloats(new float[] {1}, 1));
        Path q = dir.resolve("edited.safetensors");
        Safetensors.write(q, edited, null);
        e = assertThrows(StateDictException.class, () -> new UNet(1, 2, 2, 2).load(q));
        assertEquals(List.of("head.bias"), e.missingKeys());
        assertEquals(List.of("extra.weight"), e.unexpectedKeys());
        Module.LoadResult r = new UNet(1, 2, 2, 2).load(q, false);
        assertEquals(List.of("head.bias"), r.missingKeys());
        assertEquals(List.of("extra.weight"), r.unexpectedKeys());

        Map<String, NdArray> wrong = new LinkedHashMap<>(Safetensors.read(p).tensors());
        wrong.put("down.0.1.num_batches_tracked", NdArray.ofFloats(new float[] {3}));
        Safetensors.write(p, wrong, null);
        e = assertThrows(StateDictException.class, () -> new UNet(1, 2, 2, 2).load(p));
        assertTrue(e.getMessage().contains("down.0.1.num_batches_tracked: expected I64 but got F32"), e.getMessage());

        assertThrows(NoSuchFileException.class, () -> new UNet(1, 2, 2, 2).load(dir.resolve("absent.safetensors")));
        Files.write(p, new byte[] {1, 2, 3});
        assertThrows(SafetensorsFormatException.class, () -> new UNet(1, 2, 2, 2).load(p));
    }
}
