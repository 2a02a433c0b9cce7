package org.segrad.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.segrad.io.NdArray;

/**
 * The validated header of a safetensors file: the tensor entries sorted by data offsets and the metadata. All rules of
 * {@link Safetensors} about the header and the buffer layout are checked here, before any tensor is allocated.
 */
final class SafetensorsHeader {

    static final String METADATA_KEY = "__metadata__";
    private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of("BOOL", "I8", "I16", "U16", "F16", "BF16", "I32",
            "U32", "U64", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");

    /** One tensor's header entry. */
    static final class Entry {
        final String name;
        final NdArray.Type type;
        final int[] shape;
        final long count;
        final long begin;
        final long end;

        Entry(String name, NdArray.Type type, int[] shape, long count, long begin, long end) {
            this.name = name;
            this.type = type;
            this.shape = shape;
            this.count = count;
            this.begin = begin;
            this.end = end;
        }
    }

    final List<Entry> entries;
    final Map<String, String> metadata;

    private SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Validates the parsed JSON against a buffer of {@code bufferBytes} bytes. */
    static SafetensorsHeader parse(Object json, long bufferBytes) throws SafetensorsFormatException {
        if (!(json instanceof Map)) {
            throw new SafetensorsFormatException("header must be a JSON object");
        }
        Map<?, ?> root = (Map<?, ?>) json;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : root.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                metadata = metadata(e.getValue());
            } else {
                entries.add(entry(name, e.getValue()));
            }
        }
        entries.sort(Comparator.<Entry>comparingLong(x -> x.begin).thenComparingLong(x -> x.end));
        long expectedBegin = 0;
        for (Entry x : entries) {
            if (x.begin != expectedBegin) {
                throw new SafetensorsFormatException("tensor \"" + x.name + "\": data_offsets begin " + x.begin
                        + (x.begin < expectedBegin ? " overlaps the previous tensor, which ends at "
                        : " leaves a gap; expected ") + expectedBegin
                        + " (tensors must cover the buffer contiguously)");
            }
            if (x.end > bufferBytes) {
                throw new SafetensorsFormatException("tensor \"" + x.name + "\": data_offsets end " + x.end
                        + " is beyond the " + bufferBytes + "-byte data buffer");
            }
            expectedBegin = x.end;
        }
        if (expectedBegin != bufferBytes) {
            throw new SafetensorsFormatException("the tensors cover " + expectedBegin + " bytes but the data buffer"
                    + " holds " + bufferBytes + " (the last offset must be the end of the file)");
        }
        return new SafetensorsHeader(entries, metadata);
    }

    private static Map<String, String> metadata(Object value) throws SafetensorsFormatException {
        if (!(value instanceof Map)) {
            throw new SafetensorsFormatException("\"" + METADATA_KEY + "\" must be an object of strings but is "
                    + kind(value));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> m : ((Map<?, ?>) value).entrySet()) {
            if (!(m.getValue() instanceof String)) {
                throw new SafetensorsFormatException("\"" + METADATA_KEY + "\".\"" + m.getKey()
                        + "\" must be a string but is " + kind(m.getValue()));
            }
            out.put((String) m.getKey(), (String) m.getValue());
        }
        return out;
    }

    private static Entry entry(String name, Object value) throws SafetensorsFormatException {
        String where = "tensor \"" + name + "\"";
        if (!(value instanceof Map)) {
            throw new SafetensorsFormatException(where + ": entry must be an object but is " + kind(value));
        }
        Map<?, ?> info = (Map<?, ?>) value;
        for (Object k : info.keySet()) {
            if (!FIELDS.contains(k)) {
                throw new SafetensorsFormatException(where + ": unexpected field \"" + k
                        + "\" (expected dtype, shape, data_offsets)");
            }
        }
        for (String f : FIELDS) {
            if (!info.containsKey(f)) {
                throw new SafetensorsFormatException(where + ": missing field \"" + f + "\"");
            }
        }
        NdArray.Type type = dtype(where, info.get("dtype"));
        long[] dims = integers(where, "shape", info.get("shape"));
        long[] offsets = integers(where, "data_offsets", info.get("data_offsets"));
        if (offsets.length != 2) {
            throw new SafetensorsFormatException(where + ": data_offsets must hold 2 integers [begin, end] but holds "
                    + offsets.length);
        }
        if (offsets[1] < offsets[0]) {
            throw new SafetensorsFormatException(where + ": data_offsets end " + offsets[1] + " is before begin "
                    + offsets[0]);
        }
        int[] shape = new int[dims.length];
        long count = 1;
        long bytes;
        try {
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] > Integer.MAX_VALUE) {
                    throw new SafetensorsFormatException(where + ": shape[" + i + "] = " + dims[i]
                            + " exceeds the largest supported dimension " + Integer.MAX_VALUE);
                }
                shape[i] = (int) dims[i];
                count = Math.multiplyExact(count, dims[i]);
            }
            bytes = Math.multiplyExact(count, (long) type.itemSize());
        } catch (ArithmeticException e) {
            throw new SafetensorsFormatException(where + ": shape " + Arrays.toString(dims) + " of " + type
                    + " overflows 64 bits in elements or bytes");
        }
        if (bytes != offsets[1] - offsets[0]) {
            throw new SafetensorsFormatException(where + ": shape " + Arrays.toString(dims) + " of " + type + " needs "
                    + bytes + " bytes but data_offsets [" + offsets[0] + ", " + offsets[1] + "] span "
                    + (offsets[1] - offsets[0]));
        }
        String problem = NdArray.shapeProblem(shape);
        if (problem != null) {
            throw new SafetensorsFormatException(where + ": " + problem);
        }
        return new Entry(name, type, shape, count, offsets[0], offsets[1]);
    }

    private static NdArray.Type dtype(String where, Object value) throws SafetensorsFormatException {
        if (!(value instanceof String)) {
            throw new SafetensorsFormatException(where + ": dtype must be a string but is " + kind(value));
        }
        String d = (String) value;
        switch (d) {
            case "F32":
                return NdArray.Type.F32;
            case "F64":
                return NdArray.Type.F64;
            case "I64":
                return NdArray.Type.I64;
            case "U8":
                return NdArray.Type.U8;
            default:
                throw new SafetensorsFormatException(where + ": " + (KNOWN_UNSUPPORTED.contains(d) ? "unsupported"
                        : "unknown") + " dtype \"" + d + "\" (supported: F32, F64, I64, U8)");
        }
    }

    private static long[] integers(String where, String field, Object value) throws SafetensorsFormatException {
        if (!(value instanceof List)) {
            throw new SafetensorsFormatException(where + ": " + field + " must be an array of integers but is "
                    + kind(value));
        }
        List<?> list = (List<?>) value;
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = list.get(i);
            if (!(v instanceof Long)) {
                throw new SafetensorsFormatException(where + ": " + field + "[" + i + "] must be an integer but is "
                        + kind(v));
            }
            out[i] = (Long) v;
            if (out[i] < 0) {
                throw new SafetensorsFormatException(where + ": " + field + "[" + i + "] = " + out[i]
                        + " must be >= 0");
            }
        }
        return out;
    }

    private static String kind(Object v) {
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof String) {
            return "a string";
        }
        return v == null ? "null" : "an integer";
    }
}
