package org.segrad.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.segrad.io.NdArray;

/**
 * The content of a safetensors file: tensors by name (in the order of their data offsets when read) and the
 * {@code __metadata__} string map (empty when the file has none). Both maps are unmodifiable views.
 *
 * @param tensors  the tensors by name
 * @param metadata the free-form string metadata
 */
public record SafetensorsFile(Map<String, NdArray> tensors, Map<String, String> metadata) {

    /** Wraps copies of the maps (insertion order kept). */
    public SafetensorsFile {
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The tensor called {@code name}; throws {@link IllegalArgumentException} naming the known names if absent. */
    public NdArray tensor(String name) {
        NdArray t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in the file; it holds " + tensors.keySet());
        }
        return t;
    }
}
