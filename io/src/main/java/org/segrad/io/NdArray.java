package org.segrad.io;

import java.util.Arrays;

/**
 * A neutral n-dimensional array as the file formats (.npy, safetensors) see it: an element {@link Type}, a shape and
 * exactly one flat, row-major (C order) backing array.
 *
 * <p>The shape is copied in and out; the backing array is <em>not</em> copied (the accessors return the array the
 * factory received, so a reader hands its buffer over without a second copy). Treat it as read-only.
 *
 * <p>Rules: every dimension is {@code >= 0}; the product of the dimensions equals the backing array's length; an empty
 * shape {@code []} is a scalar with one element. Calling the accessor of another type throws
 * {@link IllegalStateException} naming the actual type.
 */
public final class NdArray {

    /** Element types the file formats exchange. */
    public enum Type {
        /** 32-bit IEEE float. */
        F32(4),
        /** 64-bit IEEE float. */
        F64(8),
        /** 64-bit signed integer. */
        I64(8),
        /** 8-bit unsigned integer (stored in a {@code byte}, read it with {@code b & 0xFF}). */
        U8(1);

        private final int itemSize;

        Type(int itemSize) {
            this.itemSize = itemSize;
        }

        /** Bytes per element in the file formats. */
        public int itemSize() {
            return itemSize;
        }
    }

    private final Type type;
    private final int[] shape;
    private final Object data;
    private final int size;

    private NdArray(Type type, Object data, int length, int[] shape) {
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null");
        }
        String problem = shapeProblem(shape);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        long product = 1;
        for (int d : shape) {
            product *= d;
        }
        if (product != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + product
                    + " elements but the " + type + " data has length " + length);
        }
        this.type = type;
        this.shape = shape.clone();
        this.data = data;
        this.size = length;
    }

    /**
     * Why {@code shape} cannot shape an NdArray, or null if it can: a negative dimension, or a running product of the
     * dimensions (left to right) beyond {@code Integer.MAX_VALUE}, even where a later 0 makes the array empty
     * ({@code [100000, 100000, 0]}). The readers ask this before building an array, to refuse such a header with their
     * own format exception.
     */
    static String shapeProblem(int[] shape) {
        long product = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                return "shape[" + i + "] = " + shape[i] + " must be >= 0 (shape " + Arrays.toString(shape) + ")";
            }
            product *= shape[i];
            if (product > Integer.MAX_VALUE) {
                return "shape " + Arrays.toString(shape) + ": the product of shape[0.." + i + "] is " + product
                        + ", more than the Integer.MAX_VALUE (" + Integer.MAX_VALUE + ") elements an NdArray holds";
            }
        }
        return null;
    }

    /** An F32 array over {@code data} (not copied) with the given shape; the shape product must equal its length. */
    public static NdArray ofFloats(float[] data, int... shape) {
        return new NdArray(Type.F32, nonNull(data), data.length, shape);
    }

    /** An F64 array over {@code data} (not copied) with the given shape; the shape product must equal its length. */
    public static NdArray ofDoubles(double[] data, int... shape) {
        return new NdArray(Type.F64, nonNull(data), data.length, shape);
    }

    /** An I64 array over {@code data} (not copied) with the given shape; the shape product must equal its length. */
    public static NdArray ofLongs(long[] data, int... shape) {
        return new NdArray(Type.I64, nonNull(data), data.length, shape);
    }

    /** A U8 array over {@code data} (not copied) with the given shape; the shape product must equal its length. */
    public static NdArray ofBytes(byte[] data, int... shape) {
        return new NdArray(Type.U8, nonNull(data), data.length, shape);
    }

    /**
     * An array over {@code data} (not copied), typed by it: F32 for a float[], F64 for a double[], I64 for a long[],
     * U8 for a byte[].
     */
    public static NdArray ofArray(Object data, int... shape) {
        if (data instanceof float[] f) return ofFloats(f, shape);
        if (data instanceof double[] d) return ofDoubles(d, shape);
        if (data instanceof long[] l) return ofLongs(l, shape);
        if (data instanceof byte[] b) return ofBytes(b, shape);
        throw new IllegalArgumentException("no NdArray type for " + (data == null ? "null" : data.getClass().getSimpleName()));
    }

    private static <T> T nonNull(T data) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        return data;
    }

    /** The element type. */
    public Type type() {
        return type;
    }

    /** A copy of the shape; {@code []} for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of dimensions (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** The number of elements (the shape product; 1 for a scalar). */
    public long size() {
        return size;
    }

    /** The backing array of an F32 array. */
    public float[] floats() {
        expect(Type.F32, "floats()");
        return (float[]) data;
    }

    /** The backing array of an F64 array. */
    public double[] doubles() {
        expect(Type.F64, "doubles()");
        return (double[]) data;
    }

    /** The backing array of an I64 array. */
    public long[] longs() {
        expect(Type.I64, "longs()");
        return (long[]) data;
    }

    /** The backing array of a U8 array. */
    public byte[] bytes() {
        expect(Type.U8, "bytes()");
        return (byte[]) data;
    }

    private void expect(Type wanted, String accessor) {
        if (type != wanted) {
            throw new IllegalStateException(accessor + " needs a " + wanted + " array but this array is " + type
                    + " (shape " + Arrays.toString(shape) + ")");
        }
    }

    /** Equal type, shape and elements (floats compared bit for bit, so NaN equals the same NaN). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NdArray)) {
            return false;
        }
        NdArray other = (NdArray) o;
        if (type != other.type || !Arrays.equals(shape, other.shape)) {
            return false;
        }
        switch (type) {
            case F32: {
                float[] a = (float[]) data;
                float[] b = (float[]) other.data;
                for (int i = 0; i < a.length; i++) {
                    if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                        return false;
                    }
                }
                return true;
            }
            case F64: {
                double[] a = (double[]) data;
                double[] b = (double[]) other.data;
                for (int i = 0; i < a.length; i++) {
                    if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                        return false;
                    }
                }
                return true;
            }
            case I64:
                return Arrays.equals((long[]) data, (long[]) other.data);
            default:
                return Arrays.equals((byte[]) data, (byte[]) other.data);
        }
    }

    @Override
    public int hashCode() {
        int h = 31 * type.hashCode() + Arrays.hashCode(shape);
        switch (type) {
            case F32:
                return 31 * h + Arrays.hashCode((float[]) data);
            case F64:
                return 31 * h + Arrays.hashCode((double[]) data);
            case I64:
                return 31 * h + Arrays.hashCode((long[]) data);
            default:
                return 31 * h + Arrays.hashCode((byte[]) data);
        }
    }

    @Override
    public String toString() {
        return "NdArray[" + type + " " + Arrays.toString(shape) + "]";
    }

    /** Writes the raw values, little-endian (the byte layout of .npy and safetensors data), in 64 KiB chunks. */
    public void writeLittleEndian(java.io.OutputStream out) throws java.io.IOException {
        if (type == Type.U8) {
            out.write(bytes());
            return;
        }
        int item = type.itemSize();
        int chunk = 8192;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(chunk * item).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int n = (int) size();
        for (int from = 0; from < n; from += chunk) {
            int len = Math.min(chunk, n - from);
            b.clear();
            switch (type) {
                case F32:
                    b.asFloatBuffer().put(floats(), from, len);
                    break;
                case F64:
                    b.asDoubleBuffer().put(doubles(), from, len);
                    break;
                default:
                    b.asLongBuffer().put(longs(), from, len);
                    break;
            }
            out.write(b.array(), 0, len * item);
        }
    }
}
