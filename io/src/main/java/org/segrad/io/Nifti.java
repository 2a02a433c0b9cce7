package org.segrad.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A strict reader (and, through {@link NiftiWriter}, writer) of single-file NIfTI-1 volumes (.nii, and .nii.gz detected by its gzip magic bytes).
 *
 * <p>Header: sizeof_hdr (offset 0) must read 348 in one of the two byte orders, which fixes the endianness of
 * everything else; magic (offset 344) must be {@code "n+1"} (a .hdr/.img pair, "ni1", is refused); dim[0] in 1..7 and
 * dim[1..dim[0]] ≥ 1; only the first three axes may be larger than 1 (a 4-D file with one time point is fine);
 * datatype uint8 (2), int16 (4), int32 (8), float32 (16), float64 (64), int8 (256), uint16 (512), uint32 (768), with a
 * matching bitpix; vox_offset ≥ 348; scl_slope/scl_inter applied as v·slope + inter unless slope is 0 or not finite
 * (then identity, as the standard says). The spatial fields (pixdim, qform/sform and their parameters, xyzt_units) are
 * kept in the volume's {@link NiftiGeometry}, unchanged.
 *
 * <p>Untrusted input: the voxel count is computed with overflow checks and bounded by {@code maxBytes} (default
 * {@value #DEFAULT_MAX_BYTES} bytes of voxel data) and by the largest Java array; the stream is read in chunks and
 * never past vox_offset + the declared data size (a gzip bomb stops there), and the float array is allocated only
 * after all declared bytes were actually read. For gzip input at most 64 KiB past the data are read, to reach the
 * trailer whose CRC-32 is then checked. Every problem is one {@link IOException} naming the source.
 */
public final class Nifti {
    /** Default bound on the voxel data size: 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    private static final int HEADER = 348;
    private static final int CHUNK = 1 << 20;

    private Nifti() {
    }

    /** Reads a .nii or .nii.gz file with the default size bound. */
    public static NiftiVolume read(Path file) throws IOException {
        return read(file, DEFAULT_MAX_BYTES);
    }

    /** Reads a .nii or .nii.gz file; voxel data larger than {@code maxBytes} is refused before it is read. */
    public static NiftiVolume read(Path file, long maxBytes) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("NIfTI file " + file + " does not exist or is not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), maxBytes);
        }
    }

    /**
     * Reads a NIfTI-1 volume from a stream (gzip-compressed or not), which is not closed.
     *
     * @param name     used in messages and as the volume's name
     * @param maxBytes the largest accepted voxel data size in bytes
     */
    public static NiftiVolume read(InputStream raw, String name, long maxBytes) throws IOException {
        try {
            return readUnchecked(raw, name, maxBytes);
        } catch (ZipException | EOFException e) {
            throw new IOException("NIfTI " + name + ": corrupt or truncated data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new IOException("NIfTI " + name + ": out of memory while reading (raise the heap with SEGRAD_JAVA_OPTS=-Xmx…)");
        } catch (RuntimeException e) {
            throw new IOException("NIfTI " + name + ": cannot decode (" + e + ")", e);
        }
    }

    private static NiftiVolume readUnchecked(InputStream raw, String name, long maxBytes) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(buffered, 1 << 16) : buffered;

        byte[] hdr = new byte[HEADER];
        int got = in.readNBytes(hdr, 0, HEADER);
        if (got < HEADER) {
            throw new IOException("NIfTI " + name + ": file has " + got + " header bytes but a NIfTI-1 header has 348");
        }
        ByteBuffer bb = ByteBuffer.wrap(hdr).order(ByteOrder.LITTLE_ENDIAN);
        int sizeLe = bb.getInt(0);
        if (sizeLe != HEADER) {
            bb.order(ByteOrder.BIG_ENDIAN);
            if (bb.getInt(0) != HEADER) {
                throw new IOException("NIfTI " + name + ": sizeof_hdr = " + sizeLe + " (little-endian) / "
                        + bb.getInt(0) + " (big-endian) but must be 348; not a NIfTI-1 file");
            }
        }
        String magic = new String(hdr, 344, 3, java.nio.charset.StandardCharsets.US_ASCII);
        if (!magic.equals("n+1") || hdr[347] != 0) {
            String shown = magic.replaceAll("[^\\x20-\\x7e]", "?");
            throw new IOException("NIfTI " + name + ": magic = \"" + shown + "\" but a single-file NIfTI-1 needs \"n+1\""
                    + (magic.equals("ni1") ? " (.hdr/.img pairs are not supported)" : ""));
        }
        int[] dim = new int[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = bb.getShort(40 + 2 * i);
        }
        int nd = dim[0];
        if (nd < 1 || nd > 7) {
            throw new IOException("NIfTI " + name + ": dim[0] = " + nd + " but must be in 1..7");
        }
        for (int i = 1; i <= nd; i++) {
            if (dim[i] < 1) {
                throw new IOException("NIfTI " + name + ": dim[" + i + "] = " + dim[i] + " but must be >= 1 (dim = "
                        + Arrays.toString(Arrays.copyOfRange(dim, 0, nd + 1)) + ")");
            }
        }
        for (int i = 4; i <= nd; i++) {
            if (dim[i] != 1) {
                throw new IOException("NIfTI " + name + ": dim[" + i + "] = " + dim[i]
                        + " but only 3-D volumes are supported (dims 4..7 must be 1)");
            }
        }
        int nx = dim[1];
        int ny = nd >= 2 ? dim[2] : 1;
        int nz = nd >= 3 ? dim[3] : 1;
        int datatype = bb.getShort(70);
        int bitpix = bb.getShort(72);
        int bytesPer = bytesPerVoxel(datatype);
        if (bytesPer == 0) {
            throw new IOException("NIfTI " + name + ": datatype = " + datatype + " is not supported (expected uint8 2, "
                    + "int16 4, int32 8, float32 16, float64 64, int8 256, uint16 512, uint32 768)");
        }
        if (bitpix != 8 * bytesPer) {
            throw new IOException("NIfTI " + name + ": bitpix = " + bitpix + " but datatype " + datatype + " has "
                    + (8 * bytesPer) + " bits");
        }
        long voxels;
        long dataBytes;
        try {
            voxels = Math.multiplyExact(Math.multiplyExact((long) nx, ny), nz);
            dataBytes = Math.multiplyExact(voxels, bytesPer);
        } catch (ArithmeticException e) {
            throw new IOException("NIfTI " + name + ": dims " + nx + "x" + ny + "x" + nz + " overflow");
        }
        if (dataBytes > maxBytes || voxels > Integer.MAX_VALUE - 16) {
            throw new IOException("NIfTI " + name + ": dims " + nx + "x" + ny + "x" + nz + " declare " + dataBytes
                    + " bytes of voxel data but the limit is " + maxBytes + " bytes");
        }
        float voxOffsetF = bb.getFloat(108);
        if (!(voxOffsetF >= HEADER) || voxOffsetF > (1 << 24) || voxOffsetF != Math.rint(voxOffsetF)) {
            throw new IOException("NIfTI " + name + ": vox_offset = " + voxOffsetF
                    + " but must be a whole number of bytes in 348..2^24");
        }
        long skip = (long) voxOffsetF - HEADER;
        long skipped = skipFully(in, skip);
        if (skipped < skip) {
            throw new IOException("NIfTI " + name + ": truncated before vox_offset = " + (long) voxOffsetF);
        }
        byte[] data = readBounded(in, (int) dataBytes, bytesPer, name, nx, ny, nz);
        checkHeap(name, nx, ny, nz, 0, voxels);
        if (in instanceof GZIPInputStream) {
            // Read on to the gzip trailer (at most 64 KiB more) so that its CRC-32 and length are verified.
            skipFully(in, 1 << 16);
        }
        float slope = bb.getFloat(112);
        float inter = bb.getFloat(116);
        boolean scale = slope != 0 && Float.isFinite(slope) && Float.isFinite(inter);
        float[] pixdim = {bb.getFloat(80), bb.getFloat(84), bb.getFloat(88)};
        NiftiGeometry geometry = geometry(bb);
        float[] values = decode(data, (int) voxels, datatype, bb.order());
        if (scale && (slope != 1f || inter != 0f)) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((double) values[i] * slope + inter);
            }
        }
        return new NiftiVolume(nx, ny, nz, values, pixdim, name, geometry);
    }

    /** The spatial header fields, as stored (see {@link NiftiGeometry}). */
    private static NiftiGeometry geometry(ByteBuffer bb) {
        return new NiftiGeometry(floats(bb, 76, 8), bb.getShort(252), bb.getShort(254), floats(bb, 256, 3),
                floats(bb, 268, 3), floats(bb, 280, 4), floats(bb, 296, 4), floats(bb, 312, 4), bb.get(123) & 0xFF);
    }

    private static float[] floats(ByteBuffer bb, int offset, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = bb.getFloat(offset + 4 * i);
        }
        return out;
    }

    // ------------------------------------------------------------------ writing (see NiftiWriter)

    /**
     * Writes a 3-D volume as NIfTI-1 with the volume's geometry, atomically ({@link AtomicFiles}); gzip-compressed
     * when the name ends in {@code .gz}. See {@link NiftiWriter} for the header written and the value checks.
     *
     * @throws IllegalArgumentException if a value does not fit {@code type} (never silently clamped or rounded)
     */
    public static void write(Path file, NiftiVolume volume, NiftiDatatype type) throws IOException {
        NiftiWriter.write(file, volume.nx(), volume.ny(), volume.nz(), 1, volume.data(), volume.geometry(), type);
    }

    /**
     * Writes {@code nt} volumes of {@code nx × ny × nz} (x fastest, then y, z, t) as one 4-D NIfTI-1 file
     * ({@code dim[4] = nt}; 3-D when nt = 1) with {@code geometry}, atomically.
     */
    public static void write(Path file, int nx, int ny, int nz, int nt, float[] data, NiftiGeometry geometry,
                             NiftiDatatype type) throws IOException {
        NiftiWriter.write(file, nx, ny, nz, nt, data, geometry, type);
    }

    /**
     * Refuses a volume whose reading would not fit the Java heap: the raw bytes, the float copy and the copies a
     * dataset makes of it (scaled volume and slices, {@value #FLOAT_COPIES} floats per voxel in all) must fit in what
     * the heap can still grow to, so a small .nii.gz that declares 1024³ voxels is one clear error, never an
     * {@link OutOfMemoryError}. Checked while the voxel data arrives (a truncated file stays a truncation error).
     */
    static void checkHeap(String name, int nx, int ny, int nz, long dataBytes, long voxels) throws IOException {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long need = dataBytes + FLOAT_COPIES * 4L * voxels;
        if (need > free) {
            throw new IOException("NIfTI " + name + ": dims " + nx + "x" + ny + "x" + nz + " need about " + (need >> 20)
                    + " MiB of memory to read and slice but the Java heap has " + (free >> 20)
                    + " MiB free (raise it with SEGRAD_JAVA_OPTS=-Xmx…, or crop the volume)");
        }
    }

    /** Float copies of a volume that reading and slicing hold at once (decoded, scaled, slices). */
    static final int FLOAT_COPIES = 3;

    /** Bytes per voxel of a supported datatype, 0 for an unsupported one. */
    static int bytesPerVoxel(int datatype) {
        return switch (datatype) {
            case 2, 256 -> 1;
            case 4, 512 -> 2;
            case 8, 16, 768 -> 4;
            case 64 -> 8;
            default -> 0;
        };
    }

    /** Skips up to {@code n} bytes; returns how many were there. */
    private static long skipFully(InputStream in, long n) throws IOException {
        byte[] sink = new byte[(int) Math.min(n, 8192)];
        long done = 0;
        while (done < n) {
            int r = in.read(sink, 0, (int) Math.min(sink.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    /** Reads exactly {@code n} bytes in chunks, so memory grows only with the bytes actually present. */
    private static byte[] readBounded(InputStream in, int n, int bytesPer, String name, int nx, int ny, int nz)
            throws IOException {
        byte[] buf = new byte[Math.min(n, CHUNK)];
        int filled = 0;
        while (filled < n) {
            if (filled == buf.length) {
                // Data is really there (a gzip bomb, or a real giant): refuse before the heap runs out.
                checkHeap(name, nx, ny, nz, n, n / Math.max(1, bytesPer));
                buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
            }
            int r = in.read(buf, filled, buf.length - filled);
            if (r < 0) {
                throw new IOException("NIfTI " + name + ": truncated voxel data: dims " + nx + "x" + ny + "x" + nz
                        + " need " + n + " bytes but only " + filled + " follow vox_offset");
            }
            filled += r;
        }
        return buf;
    }

    private static float[] decode(byte[] data, int n, int datatype, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(data).order(order);
        float[] v = new float[n];
        switch (datatype) {
            case 2 -> {
                for (int i = 0; i < n; i++) {
                    v[i] = data[i] & 0xFF;
                }
            }
            case 256 -> {
                for (int i = 0; i < n; i++) {
                    v[i] = data[i];
                }
            }
            case 4 -> {
                for (int i = 0; i < n; i++) {
                    v[i] = b.getShort(2 * i);
                }
            }
            case 512 -> {
                for (int i = 0; i < n; i++) {
                    v[i] = b.getShort(2 * i) & 0xFFFF;
                }
            }
            case 8 -> {
                for (int i = 0; i < n; i++) {
                    v[i] = b.getInt(4 * i);
                }
            }
            case 768 -> {
                for (int i = 0; i < n; i++) {
                    v[i] = b.getInt(4 * i) & 0xFFFFFFFFL;
                }
            }
            case 16 -> {
                for (int i = 0; i < n; i++) {
                    v[i] = b.getFloat(4 * i);
                }
            }
            case 64 -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) b.getDouble(8 * i);
                }
            }
            default -> throw new IllegalStateException("datatype " + datatype);
        }
        return v;
    }
}
