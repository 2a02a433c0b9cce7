package org.segrad.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;
import org.segrad.io.NdArray;
import org.segrad.autodiff.TensorArrays;
import org.segrad.io.Safetensors;

/**
 * Module state dicts as safetensors files, interchangeable with PyTorch ({@code safetensors.torch.save_file(
 * model.state_dict(), path)} / {@code load_file}): the same keys, FLOAT32 → F32, FLOAT64 → F64, integer buffers
 * ({@code num_batches_tracked}) → I64. Writing is atomic (temporary file, then rename; see {@link Safetensors}).
 */
public final class Checkpoints {
    private Checkpoints() {}

    /** Metadata written with every checkpoint. */
    static final Map<String, String> METADATA = Map.of("format", "pt", "producer", "segrad");

    /** Writes {@code module.stateDict()} to {@code path} atomically. */
    public static void save(Module module, Path path) throws IOException {
        Safetensors.write(path, arrays(module), METADATA);
    }

    /**
     * Writes {@code module.stateDict()} to {@code path} atomically, with {@code metadata} added to the standard
     * entries (e.g. the model card under "segrad").
     */
    public static void save(Module module, Path path, Map<String, String> metadata) throws IOException {
        Map<String, String> all = new java.util.TreeMap<>(METADATA);
        all.putAll(metadata);
        Safetensors.write(path, arrays(module), all);
    }

    /** {@code module.stateDict()} as arrays, integer buffers as I64 (what {@link #save} writes). */
    public static LinkedHashMap<String, NdArray> arrays(Module module) {
        LinkedHashMap<String, Tensor> state = module.stateDict();
        List<String> integers = module.integerKeys();
        LinkedHashMap<String, NdArray> arrays = new LinkedHashMap<>();
        state.forEach((k, t) -> arrays.put(k, integers.contains(k) ? longs(k, t) : TensorArrays.toNdArray(t)));
        return arrays;
    }

    /**
     * Reads {@code path} and loads it into {@code module} (see {@link Module#loadStateDict}): F32 and F64 values
     * are converted to each parameter's dtype; an integer buffer needs an I64 entry and a floating one an F32/F64
     * entry.
     *
     * @throws StateDictException for missing (strict), unexpected (strict), mis-shaped or mis-typed keys
     * @throws IOException when the file cannot be read or is not a valid safetensors file
     */
    public static Module.LoadResult load(Module module, Path path, boolean strict) throws IOException {
        return load(module, Safetensors.read(path).tensors(), strict, path.toString());
    }

    /** Loads arrays (as {@link #arrays} makes them) into {@code module}; {@code source} names them in errors. */
    public static Module.LoadResult load(Module module, Map<String, NdArray> arrays, boolean strict, String source) {
        List<String> integers = module.integerKeys();
        java.util.Set<String> known = new java.util.HashSet<>(module.namedParameters().keySet());
        known.addAll(module.namedBuffers().keySet());
        LinkedHashMap<String, Tensor> state = new LinkedHashMap<>();
        List<String> mistyped = new java.util.ArrayList<>();
        arrays.forEach((k, a) -> {
            if (!known.contains(k)) {
                state.put(k, TensorArrays.toTensor(a)); // reported as unexpected by loadStateDict
                return;
            }
            boolean wantInteger = integers.contains(k);
            boolean isInteger = a.type() == NdArray.Type.I64;
            boolean isFloat = a.type() == NdArray.Type.F32 || a.type() == NdArray.Type.F64;
            if (wantInteger && !isInteger || !wantInteger && !isFloat) {
                mistyped.add(k + ": expected " + (wantInteger ? "I64" : "F32 or F64") + " but got " + a.type());
            } else {
                state.put(k, TensorArrays.toTensor(a));
            }
        });
        if (!mistyped.isEmpty()) {
            throw new StateDictException(source + " for " + module.getClass().getSimpleName(), List.of(), List.of(), mistyped);
        }
        return module.loadStateDict(state, strict);
    }

    private static NdArray longs(String key, Tensor t) {
        if (t.dtype() != DType.FLOAT64) throw new IllegalStateException(key + ": an integer buffer must be FLOAT64, got " + t.dtype());
        long[] v = new long[t.numel()];
        for (int i = 0; i < v.length; i++) {
            double d = t.get(i);
            if (d != Math.rint(d) || Math.abs(d) > 0x1p53) throw new IllegalStateException(key + "[" + i + "] = " + d + " is not an integer");
            v[i] = (long) d;
        }
        return NdArray.ofLongs(v, t.shape());
    }
}
