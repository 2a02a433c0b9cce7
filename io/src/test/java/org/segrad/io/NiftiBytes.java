package org.segrad.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Builds NIfTI-1 files by hand for tests: a 352-byte prefix (header + 4 extension bytes) and the voxel data. */
public final class NiftiBytes {
    public ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    public int sizeofHdr = 348;
    public short[] dim = {3, 1, 1, 1, 1, 1, 1, 1};
    public int datatype = 16;
    public int bitpix = 32;
    public float voxOffset = 352;
    public float slope = 0;
    public float inter = 0;
    public String magic = "n+1";
    public double[] values = new double[0];
    public int dropTail = 0;

    public NiftiBytes dims(int... d) {
        dim = new short[] {(short) d.length, 1, 1, 1, 1, 1, 1, 1};
        for (int i = 0; i < d.length; i++) {
            dim[i + 1] = (short) d[i];
        }
        return this;
    }

    public NiftiBytes type(int dt, int bits) {
        datatype = dt;
        bitpix = bits;
        return this;
    }

    public byte[] bytes() {
        int bpp = Math.max(1, bitpix / 8);
        ByteBuffer b = ByteBuffer.allocate(352 + values.length * bpp).order(order);
        b.putInt(0, sizeofHdr);
        for (int i = 0; i < 8; i++) {
            b.putShort(40 + 2 * i, dim[i]);
        }
        b.putShort(70, (short) datatype);
        b.putShort(72, (short) bitpix);
        b.putFloat(76, 1f);
        b.putFloat(80, 1.5f);
        b.putFloat(84, 2f);
        b.putFloat(88, 3f);
        b.putFloat(108, voxOffset);
        b.putFloat(112, slope);
        b.putFloat(116, inter);
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < Math.min(4, m.length); i++) {
            b.put(344 + i, m[i]);
        }
        int p = 352;
        for (double v : values) {
            switch (datatype) {
                case 2, 256 -> b.put(p, (byte) (long) v);
                case 4, 512 -> b.putShort(p, (short) (long) v);
                case 8, 768 -> b.putInt(p, (int) (long) v);
                case 16 -> b.putFloat(p, (float) v);
                case 64 -> b.putDouble(p, v);
                default -> throw new IllegalStateException();
            }
            p += bpp;
        }
        byte[] all = b.array();
        return java.util.Arrays.copyOf(all, all.length - dropTail);
    }

    public static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
                gz.write(raw);
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
