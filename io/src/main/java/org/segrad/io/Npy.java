package org.segrad.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.segrad.io.NdArray;

/**
 * Reader and writer for NumPy's {@code .npy} format, strict about untrusted input.
 *
 * <p>Layout: the magic {@code \x93NUMPY}, major and minor version bytes, the header length (u16 little-endian for
 * version 1.0, u32 for 2.0 and 3.0), the header (a Python dict literal, latin-1 for 1.x/2.x and UTF-8 for 3.0; see
 * {@link NpyHeader} for the accepted grammar), then the raw elements in C order.
 *
 * <p>Read: dtypes {@code <f4} → F32, {@code <f8} → F64, {@code <i8} → I64, {@code |u1} → U8, and, widened,
 * {@code <i4} and {@code |i1} → I64, {@code |b1} → U8 (bytes must be 0 or 1). Rules checked, each error naming the
 * field, the expected and the actual value: magic and version; the declared header length fits in the bytes that
 * follow; the header dict is well formed with exactly the keys descr, fortran_order, shape; {@code fortran_order} is
 * False; every dimension fits an {@code int}; the shape product and its byte size do not overflow; the data length
 * equals product × itemsize exactly (truncated or trailing bytes are errors); no running product of the dimensions
 * passes {@code Integer.MAX_VALUE} ({@link NdArray}'s limit, even for an empty shape such as (100000, 100000, 0)). Nothing is allocated from a declared size
 * before that size has been checked against the bytes actually present.
 *
 * <p>Write: the four {@link NdArray.Type}s as {@code <f4 <f8 <i8 |u1}, byte-identical to {@code numpy.save} (1.24):
 * version 1.0 (2.0 if the header needs it), keys sorted, growth padding, header padded with spaces and a final newline
 * to a multiple of 64 bytes. {@link #write(Path, NdArray)} is atomic (see {@link AtomicFiles}).
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Largest file read into memory: Java arrays hold at most about 2^31 bytes. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 16;

    private Npy() {
    }

    /** Reads a {@code .npy} file. */
    public static NdArray read(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_FILE_BYTES) {
            throw new NpyFormatException(path + ": file has " + size + " bytes, more than the " + MAX_FILE_BYTES
                    + " this reader supports");
        }
        try {
            return read(Files.readAllBytes(path));
        } catch (NpyFormatException e) {
            throw new NpyFormatException(path + ": " + e.getMessage());
        }
    }

    /** Reads a {@code .npy} stream to its end (the stream is not closed). */
    public static NdArray read(InputStream in) throws IOException {
        return read(in.readAllBytes());
    }

    /** Parses a complete {@code .npy} file held in memory. */
    public static NdArray read(byte[] file) throws NpyFormatException {
        int n = file.length;
        if (n < 10) {
            throw new NpyFormatException("file has " + n + " bytes, fewer than the 10-byte .npy preamble");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (file[i] != MAGIC[i]) {
                throw new NpyFormatException("magic string: expected \\x93NUMPY but byte " + i + " is 0x"
                        + Integer.toHexString(file[i] & 0xFF));
            }
        }
        int major = file[6] & 0xFF;
        int minor = file[7] & 0xFF;
        if (minor != 0 || major < 1 || major > 3) {
            throw new NpyFormatException("version: expected 1.0, 2.0 or 3.0 but the file declares " + major + "."
                    + minor);
        }
        ByteBuffer buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int prelude;
        long headerLen;
        if (major == 1) {
            prelude = 10;
            headerLen = buf.getShort(8) & 0xFFFFL;
        } else {
            prelude = 12;
            if (n < prelude) {
                throw new NpyFormatException("file has " + n + " bytes, fewer than the 12-byte preamble of version "
                        + major + ".0");
            }
            headerLen = buf.getInt(8) & 0xFFFFFFFFL;
        }
        if (headerLen > n - prelude) {
            throw new NpyFormatException("header length: declared " + headerLen + " bytes but only " + (n - prelude)
                    + " bytes follow the preamble");
        }
        int dataStart = prelude + (int) headerLen;
        String text = decodeHeader(file, prelude, (int) headerLen, major);
        NpyHeader header = NpyHeader.parse(text);
        if (header.fortranOrder) {
            throw new NpyFormatException("fortran_order: expected False (only C order is supported) but it is True");
        }
        Dtype dtype = Dtype.of(header.descr);
        int[] shape = new int[header.shape.length];
        long count = 1;
        try {
            for (int i = 0; i < shape.length; i++) {
                long d = header.shape[i];
                if (d > Integer.MAX_VALUE) {
                    throw new NpyFormatException("shape[" + i + "] = " + d + " exceeds the largest supported dimension "
                            + Integer.MAX_VALUE + " (shape " + Arrays.toString(header.shape) + ")");
                }
                shape[i] = (int) d;
                count = Math.multiplyExact(count, d);
            }
            long expected = Math.multiplyExact(count, (long) dtype.fileSize);
            long actual = n - dataStart;
            if (expected != actual) {
                throw new NpyFormatException("data length: shape " + Arrays.toString(header.shape) + " of "
                        + header.descr + " needs " + expected + " bytes but the file holds " + actual
                        + (actual < expected ? " (truncated)" : " (trailing bytes)"));
            }
            String problem = NdArray.shapeProblem(shape);
            if (problem != null) {
                throw new NpyFormatException(problem);
            }
        } catch (ArithmeticException e) {
            throw new NpyFormatException("shape " + Arrays.toString(header.shape) + " of " + header.descr
                    + ": the element count or byte size overflows 64 bits");
        }
        try {
            return decodeData(buf, dataStart, (int) count, dtype, shape);
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException("shape " + Arrays.toString(header.shape) + ": " + e.getMessage());
        }
    }

    private static String decodeHeader(byte[] file, int offset, int length, int major) throws NpyFormatException {
        if (major < 3) {
            return new String(file, offset, length, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException("header: version 3.0 requires UTF-8 but the header is not valid UTF-8");
        }
    }

    private static NdArray decodeData(ByteBuffer buf, int start, int count, Dtype dtype, int[] shape)
            throws NpyFormatException {
        ByteBuffer data = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        data.position(start);
        switch (dtype) {
            case F4: {
                float[] out = new float[count];
                data.asFloatBuffer().get(out);
                return NdArray.ofFloats(out, shape);
            }
            case F8: {
                double[] out = new double[count];
                data.asDoubleBuffer().get(out);
                return NdArray.ofDoubles(out, shape);
            }
            case I8: {
                long[] out = new long[count];
                data.asLongBuffer().get(out);
                return NdArray.ofLongs(out, shape);
            }
            case I4: {
                long[] out = new long[count];
                for (int i = 0; i < count; i++) {
                    out[i] = data.getInt(start + 4 * i);
                }
                return NdArray.ofLongs(out, shape);
            }
            case I1: {
                long[] out = new long[count];
                for (int i = 0; i < count; i++) {
                    out[i] = data.get(start + i);
                }
                return NdArray.ofLongs(out, shape);
            }
            case B1: {
                byte[] out = new byte[count];
                data.get(out);
                for (int i = 0; i < count; i++) {
                    if (out[i] != 0 && out[i] != 1) {
                        throw new NpyFormatException("bool element " + i + " is " + (out[i] & 0xFF)
                                + " but |b1 elements must be 0 or 1");
                    }
                }
                return NdArray.ofBytes(out, shape);
            }
            default: {
                byte[] out = new byte[count];
                data.get(out);
                return NdArray.ofBytes(out, shape);
            }
        }
    }

    /** Writes {@code array} to {@code path} atomically (temporary file in the same directory, then rename). */
    public static void write(Path path, NdArray array) throws IOException {
        byte[] header = header(array);
        AtomicFiles.write(path, out -> {
            out.write(header);
            array.writeLittleEndian(out);
        });
    }

    /** Writes {@code array} in {@code .npy} format to {@code out} (not closed). */
    public static void write(OutputStream out, NdArray array) throws IOException {
        out.write(header(array));
        array.writeLittleEndian(out);
    }

    /** The complete {@code .npy} file of {@code array}. */
    public static byte[] toBytes(NdArray array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, array);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return out.toByteArray();
    }

    /** Magic, version, length and padded header dict, exactly as numpy.save 1.24 writes them. */
    static byte[] header(NdArray array) {
        int[] shape = array.shape();
        StringBuilder dict = new StringBuilder("{'descr': '").append(descrOf(array.type()))
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        dict.append(shape.length == 1 ? ",), }" : "), }");
        if (shape.length > 0) {
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length())));
        }
        int hlen = dict.length() + 1;
        int major = (hlen + ALIGN - ((10 + hlen) % ALIGN) <= 0xFFFF) ? 1 : 2;
        int prelude = major == 1 ? 10 : 12;
        int pad = ALIGN - ((prelude + hlen) % ALIGN);
        int total = hlen + pad;
        ByteBuffer b = ByteBuffer.allocate(prelude + total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) total);
        } else {
            b.putInt(total);
        }
        b.put(dict.toString().getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < pad; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    private static String descrOf(NdArray.Type type) {
        switch (type) {
            case F32:
                return "<f4";
            case F64:
                return "<f8";
            case I64:
                return "<i8";
            default:
                return "|u1";
        }
    }


    /** The dtypes this reader accepts, with their size in the file. */
    private enum Dtype {
        F4(4), F8(8), I8(8), U1(1), I4(4), I1(1), B1(1);

        final int fileSize;

        Dtype(int fileSize) {
            this.fileSize = fileSize;
        }

        static Dtype of(String descr) throws NpyFormatException {
            switch (descr) {
                case "<f4":
                    return F4;
                case "<f8":
                    return F8;
                case "<i8":
                    return I8;
                case "|u1":
                case "<u1":
                    return U1;
                case "<i4":
                    return I4;
                case "|i1":
                case "<i1":
                    return I1;
                case "|b1":
                    return B1;
                default:
                    String hint = descr.startsWith(">") ? " (big-endian data is not supported)" : "";
                    throw new NpyFormatException("descr: expected one of <f4, <f8, <i8, |u1, <i4, |i1, |b1 but it is '"
                            + descr + "'" + hint);
            }
        }
    }
}
