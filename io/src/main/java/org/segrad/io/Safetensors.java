package org.segrad.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.segrad.io.NdArray;
import org.segrad.io.AtomicFiles;

/**
 * Reader and writer for Hugging Face's safetensors format, strict about untrusted input.
 *
 * <p>Layout: an unsigned 64-bit little-endian header length N; N bytes of UTF-8 JSON (possibly padded with trailing
 * spaces), {@code {"__metadata__": {str: str}, name: {"dtype": "F32", "shape": [d0, ...], "data_offsets": [begin,
 * end]}, ...}}; then the byte buffer, offsets being relative to its start. Elements are little-endian, C order.
 *
 * <p>Read ({@link SafetensorsHeader} holds the checks): dtypes F32, F64, I64 and U8 (others such as F16, BF16, I32 are
 * refused as unsupported). Checked, each error naming the tensor, the field, the expected and the actual value: the
 * file has the 8-byte length; N ≤ 100 000 000 and N ≤ file size − 8; the header is valid UTF-8, starts with
 * {@code {} and is well-formed JSON ({@link JsonReader}) with no duplicate names; {@code __metadata__} maps strings to
 * strings; each tensor entry has exactly dtype, shape and data_offsets; dimensions are non-negative and fit an
 * {@code int}; shape product × itemsize neither overflows nor differs from end − begin; no running product of the
 * dimensions passes {@code Integer.MAX_VALUE} ({@link NdArray}'s limit, even for an empty shape such as
 * [100000, 100000, 0]); sorted by offsets, the tensors
 * cover the buffer contiguously from 0 to its end (no gap, overlap or trailing byte). Nothing is allocated from a
 * declared size before it has been checked against the bytes present.
 *
 * <p>Write, as the reference implementation does: tensors ordered by dtype alignment descending (I64, F64, F32, U8)
 * then by name (UTF-8 byte order), laid out contiguously in that order; compact JSON with {@code __metadata__} first
 * (keys sorted) and the tensors in layout order; the header padded with spaces to a multiple of 8 bytes.
 * {@link #write(Path, Map, Map)} is atomic: a temporary file in the same directory renamed over the target; on failure
 * the target is untouched and the temporary file removed.
 */
public final class Safetensors {

    /** Largest header accepted, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 16;

    private Safetensors() {
    }

    /** Reads a safetensors file: tensors in offset order and metadata. */
    public static SafetensorsFile read(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_FILE_BYTES) {
            throw new SafetensorsFormatException(path + ": file has " + size + " bytes, more than the "
                    + MAX_FILE_BYTES + " this reader supports");
        }
        try {
            return read(Files.readAllBytes(path));
        } catch (SafetensorsFormatException e) {
            throw new SafetensorsFormatException(path + ": " + e.getMessage());
        }
    }

    /** Reads just the tensors of a file, in offset order. */
    public static LinkedHashMap<String, NdArray> readTensors(Path path) throws IOException {
        return new LinkedHashMap<>(read(path).tensors());
    }

    /** Parses a complete safetensors file held in memory. */
    public static SafetensorsFile read(byte[] file) throws SafetensorsFormatException {
        if (file.length < 8) {
            throw new SafetensorsFormatException("file has " + file.length
                    + " bytes, fewer than the 8-byte header length");
        }
        ByteBuffer buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new SafetensorsFormatException("header length " + Long.toUnsignedString(n) + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (n > file.length - 8) {
            throw new SafetensorsFormatException("header length " + n + " exceeds the " + (file.length - 8)
                    + " bytes that follow it");
        }
        int headerEnd = 8 + (int) n;
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file, 8, (int) n)).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsFormatException("header is not valid UTF-8");
        }
        if (json.isEmpty() || json.charAt(0) != '{') {
            throw new SafetensorsFormatException("header must start with '{' but starts with "
                    + (json.isEmpty() ? "nothing (length 0)" : "'" + json.charAt(0) + "'"));
        }
        SafetensorsHeader header = SafetensorsHeader.parse(JsonReader.parse(json), file.length - headerEnd);
        Map<String, NdArray> tensors = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry e : header.entries) {
            try {
                tensors.put(e.name, decode(buf, headerEnd + (int) e.begin, e));
            } catch (IllegalArgumentException ex) {
                throw new SafetensorsFormatException("tensor \"" + e.name + "\": " + ex.getMessage());
            }
        }
        return new SafetensorsFile(tensors, header.metadata);
    }

    private static NdArray decode(ByteBuffer buf, int start, SafetensorsHeader.Entry e) {
        int count = (int) e.count;
        ByteBuffer data = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        data.position(start);
        switch (e.type) {
            case F32: {
                float[] out = new float[count];
                data.asFloatBuffer().get(out);
                return NdArray.ofFloats(out, e.shape);
            }
            case F64: {
                double[] out = new double[count];
                data.asDoubleBuffer().get(out);
                return NdArray.ofDoubles(out, e.shape);
            }
            case I64: {
                long[] out = new long[count];
                data.asLongBuffer().get(out);
                return NdArray.ofLongs(out, e.shape);
            }
            default: {
                byte[] out = new byte[count];
                data.get(out);
                return NdArray.ofBytes(out, e.shape);
            }
        }
    }

    /**
     * Writes {@code tensors} and {@code metadata} (may be null: no {@code __metadata__} entry) to {@code path}
     * atomically.
     */
    public static void write(Path path, Map<String, NdArray> tensors, Map<String, String> metadata)
            throws IOException {
        List<Map.Entry<String, NdArray>> order = layoutOrder(tensors);
        byte[] header = header(order, metadata);
        AtomicFiles.write(path, out -> writeTo(out, header, order));
    }

    /** The complete file {@link #write(Path, Map, Map)} would write. */
    public static byte[] toBytes(Map<String, NdArray> tensors, Map<String, String> metadata) {
        List<Map.Entry<String, NdArray>> order = layoutOrder(tensors);
        byte[] header = header(order, metadata);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(out, header, order);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return out.toByteArray();
    }

    private static void writeTo(OutputStream out, byte[] header, List<Map.Entry<String, NdArray>> order)
            throws IOException {
        out.write(header);
        for (Map.Entry<String, NdArray> e : order) {
            e.getValue().writeLittleEndian(out);
        }
    }

    /** Descending alignment (the reference dtype order U8 &lt; F32 &lt; F64 &lt; I64), then name by UTF-8 bytes. */
    static List<Map.Entry<String, NdArray>> layoutOrder(Map<String, NdArray> tensors) {
        List<Map.Entry<String, NdArray>> order = new ArrayList<>();
        for (Map.Entry<String, NdArray> e : tensors.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("tensor name and value must not be null (name " + e.getKey() + ")");
            }
            if (e.getKey().equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("tensor name \"" + SafetensorsHeader.METADATA_KEY
                        + "\" is reserved for the metadata");
            }
            requireWellFormed("tensor name", e.getKey());
            order.add(Map.entry(e.getKey(), e.getValue()));
        }
        Comparator<Map.Entry<String, NdArray>> byType = Comparator.comparingInt(e -> rank(e.getValue().type()));
        order.sort(byType.reversed().thenComparing(e -> e.getKey().getBytes(StandardCharsets.UTF_8),
                Arrays::compareUnsigned));
        return order;
    }

    private static void requireWellFormed(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " \"" + s + "\" has an unpaired surrogate at index " + i
                        + " and cannot be written as UTF-8");
            }
        }
    }

    private static int rank(NdArray.Type t) {
        switch (t) {
            case U8:
                return 0;
            case F32:
                return 1;
            case F64:
                return 2;
            default:
                return 3;
        }
    }

    /** The 8-byte length plus the space-padded JSON header for tensors in layout order. */
    static byte[] header(List<Map.Entry<String, NdArray>> order, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{");
        if (metadata != null) {
            json.append(quote(SafetensorsHeader.METADATA_KEY)).append(":{");
            boolean first = true;
            for (Map.Entry<String, String> m : new TreeMap<>(metadata).entrySet()) {
                if (m.getValue() == null) {
                    throw new IllegalArgumentException("metadata value of \"" + m.getKey() + "\" must not be null");
                }
                requireWellFormed("metadata key", m.getKey());
                requireWellFormed("metadata value", m.getValue());
                json.append(first ? "" : ",").append(quote(m.getKey())).append(':').append(quote(m.getValue()));
                first = false;
            }
            json.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, NdArray> e : order) {
            NdArray a = e.getValue();
            long end = offset + a.size() * a.type().itemSize();
            json.append(json.length() > 1 ? "," : "").append(quote(e.getKey())).append(":{\"dtype\":\"")
                    .append(a.type().name()).append("\",\"shape\":[");
            int[] shape = a.shape();
            for (int i = 0; i < shape.length; i++) {
                json.append(i == 0 ? "" : ",").append(shape[i]);
            }
            json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        json.append('}');
        byte[] utf8 = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (utf8.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(utf8);
        while (b.hasRemaining()) {
            b.put((byte) ' ');
        }
        return b.array();
    }

    /** A JSON string literal escaped as serde_json does: quote, backslash, control characters; UTF-8 kept raw. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }

}
