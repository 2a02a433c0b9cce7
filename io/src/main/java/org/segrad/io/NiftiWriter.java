package org.segrad.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * The NIfTI-1 writer behind {@link Nifti#write}: a 348-byte header, 4 zero extension bytes, then the voxels
 * (vox_offset = 352), little-endian, gzip-compressed when the file name ends in {@code .gz}; written atomically with
 * {@link AtomicFiles} (a failure leaves any existing file untouched and no temporary file behind).
 *
 * <p>Header: sizeof_hdr 348, magic "n+1", dim = {3 or 4, nx, ny, nz, nt, 1, 1, 1}, datatype/bitpix of the type,
 * scl_slope 1 and scl_inter 0 (values stored as they are), and the geometry's pixdim[0..7], qform_code, sform_code,
 * quatern_b/c/d, qoffset_x/y/z, srow_x/y/z and xyzt_units copied unchanged; for 4-D output pixdim[4] is 1 when the
 * geometry's is 0. Everything else is 0.
 *
 * <p>Strict: dims must be ≥ 1 and ≤ 32767 (the header's int16), the data length must be nx·ny·nz·nt, and every value
 * must fit the type exactly (an integer in range for uint8/int16; non-finite values only in float32), else an
 * {@link IllegalArgumentException} before anything is written.
 */
final class NiftiWriter {
    static final int HEADER = 348;
    static final int VOX_OFFSET = 352;

    private NiftiWriter() {
    }

    static void write(Path file, int nx, int ny, int nz, int nt, float[] data, NiftiGeometry g, NiftiDatatype type)
            throws IOException {
        check(nx, ny, nz, nt, data, type, file.getFileName().toString());
        boolean gz = file.getFileName().toString().endsWith(".gz");
        AtomicFiles.write(file, out -> {
            if (gz) {
                GZIPOutputStream z = new GZIPOutputStream(nonClosing(out), 1 << 16);
                encode(z, nx, ny, nz, nt, data, g, type, ByteOrder.LITTLE_ENDIAN);
                z.finish();
            } else {
                encode(out, nx, ny, nz, nt, data, g, type, ByteOrder.LITTLE_ENDIAN);
            }
        });
    }

    static void check(int nx, int ny, int nz, int nt, float[] data, NiftiDatatype type, String name) {
        int[] d = {nx, ny, nz, nt};
        for (int i = 0; i < 4; i++) {
            if (d[i] < 1 || d[i] > Short.MAX_VALUE) {
                throw new IllegalArgumentException("NIfTI " + name + ": dim[" + (i + 1) + "] = " + d[i]
                        + " but must be in 1..32767");
            }
        }
        if ((long) nx * ny * nz * nt != data.length) {
            throw new IllegalArgumentException("NIfTI " + name + ": dims " + nx + "x" + ny + "x" + nz + "x" + nt
                    + " need " + (long) nx * ny * nz * nt + " values, got " + data.length);
        }
        for (int i = 0; i < data.length; i++) {
            if (!type.holds(data[i])) {
                throw new IllegalArgumentException("NIfTI " + name + ": value " + data[i] + " at voxel " + i
                        + " does not fit " + type + " (range " + (long) type.min + ".." + (long) type.max
                        + ", whole numbers)");
            }
        }
    }

    /** Header, extension bytes and voxels in {@code order} (tests write big-endian files with it). */
    static void encode(OutputStream out, int nx, int ny, int nz, int nt, float[] data, NiftiGeometry g,
                       NiftiDatatype type, ByteOrder order) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(VOX_OFFSET).order(order);
        h.putInt(0, HEADER);
        short[] dim = {(short) (nt > 1 ? 4 : 3), (short) nx, (short) ny, (short) nz, (short) nt, 1, 1, 1};
        for (int i = 0; i < 8; i++) {
            h.putShort(40 + 2 * i, dim[i]);
        }
        h.putShort(70, (short) type.code);
        h.putShort(72, (short) type.bitpix);
        float[] pixdim = g.pixdim().clone();
        if (nt > 1 && pixdim[4] == 0) {
            pixdim[4] = 1;
        }
        putFloats(h, 76, pixdim);
        h.putFloat(108, VOX_OFFSET);
        h.putFloat(112, 1f);
        h.putFloat(116, 0f);
        h.put(123, (byte) g.xyztUnits());
        h.putShort(252, (short) g.qformCode());
        h.putShort(254, (short) g.sformCode());
        putFloats(h, 256, g.quatern());
        putFloats(h, 268, g.qoffset());
        putFloats(h, 280, g.srowX());
        putFloats(h, 296, g.srowY());
        putFloats(h, 312, g.srowZ());
        h.put(344, "n+1".getBytes(StandardCharsets.US_ASCII));
        out.write(h.array());
        int bytes = type.bitpix / 8;
        ByteBuffer chunk = ByteBuffer.allocate(bytes * 8192).order(order);
        for (int i = 0; i < data.length; i++) {
            switch (type) {
                case UINT8 -> chunk.put((byte) (int) data[i]);
                case INT16 -> chunk.putShort((short) data[i]);
                default -> chunk.putFloat(data[i]);
            }
            if (!chunk.hasRemaining()) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
        }
        out.write(chunk.array(), 0, chunk.position());
    }

    private static void putFloats(ByteBuffer b, int offset, float[] v) {
        for (int i = 0; i < v.length; i++) {
            b.putFloat(offset + 4 * i, v[i]);
        }
    }

    /** {@code out} with close() only flushing, so that finishing the gzip stream leaves AtomicFiles' stream open. */
    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
