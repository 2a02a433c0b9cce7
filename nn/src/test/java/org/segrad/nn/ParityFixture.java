package org.segrad.nn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;

/**
 * Reads a fixture written by {@code nn/src/test/python/make_unet_fixture.py}: {@code <stem>.index.txt} lines
 * {@code name type shape offset count} and raw little-endian values in {@code <stem>.bin}. F32 entries become FLOAT32
 * tensors, F64 and I64 entries FLOAT64 tensors (the I64 values here are small labels and counters).
 */
public final class ParityFixture {
    private final LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
    private final LinkedHashMap<String, String> types = new LinkedHashMap<>();

    public ParityFixture(String stem) throws IOException {
        ByteBuffer bin = ByteBuffer.wrap(resource("/parity/" + stem + ".bin")).order(ByteOrder.LITTLE_ENDIAN);
        String index = new String(resource("/parity/" + stem + ".index.txt"), java.nio.charset.StandardCharsets.UTF_8);
        for (String line : index.split("\n")) {
            if (line.isBlank()) continue;
            String[] f = line.trim().split(" ");
            String name = f[0], type = f[1];
            int[] shape = f[2].equals("scalar") ? new int[0] : java.util.Arrays.stream(f[2].split("x")).mapToInt(Integer::parseInt).toArray();
            int offset = Integer.parseInt(f[3]), count = Integer.parseInt(f[4]);
            Tensor t = Tensor.zeros(type.equals("F32") ? DType.FLOAT32 : DType.FLOAT64, shape);
            if (t.numel() != count) throw new IOException(stem + ": entry " + name + " has " + count + " values for shape " + f[2]);
            for (int i = 0; i < count; i++) {
                switch (type) {
                    case "F32" -> t.set(i, bin.getFloat(offset + 4 * i));
                    case "F64" -> t.set(i, bin.getDouble(offset + 8 * i));
                    case "I64" -> t.set(i, bin.getLong(offset + 8 * i));
                    default -> throw new IOException(stem + ": entry " + name + " has unknown type " + type);
                }
            }
            tensors.put(name, t);
            types.put(name, type);
        }
    }

    static byte[] resource(String path) throws IOException {
        try (InputStream in = ParityFixture.class.getResourceAsStream(path)) {
            if (in == null) throw new IOException("test resource " + path + " not found");
            return in.readAllBytes();
        }
    }

    /** The entry {@code name}; fails naming it. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("fixture has no entry '" + name + "'");
        return t;
    }

    public String type(String name) { return types.get(name); }

    /** Entries whose names start with {@code prefix}, keyed by the rest of the name, in file order. */
    public LinkedHashMap<String, Tensor> under(String prefix) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().startsWith(prefix)) out.put(e.getKey().substring(prefix.length()), e.getValue());
        }
        return out;
    }

    /** max |a − b| / max |b| (0 when both are all zero): the error relative to the reference's scale. */
    public static double relativeError(Tensor actual, Tensor expected) {
        if (!java.util.Arrays.equals(actual.shape(), expected.shape())) {
            throw new AssertionError("shape " + java.util.Arrays.toString(actual.shape()) + " but expected "
                    + java.util.Arrays.toString(expected.shape()));
        }
        double diff = 0, scale = 0;
        for (int i = 0; i < expected.numel(); i++) {
            diff = Math.max(diff, Math.abs(actual.get(i) - expected.get(i)));
            scale = Math.max(scale, Math.abs(expected.get(i)));
        }
        return diff == 0 ? 0 : diff / Math.max(scale, Double.MIN_NORMAL);
    }
}
