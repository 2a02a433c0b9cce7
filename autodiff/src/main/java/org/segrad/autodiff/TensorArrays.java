package org.segrad.autodiff;

import org.segrad.io.NdArray;

/** Conversion between {@link Tensor} and the file-format neutral {@link NdArray}. */
public final class TensorArrays {
    private TensorArrays() {}

    /**
     * F32 → FLOAT32 and F64 → FLOAT64 (sharing the array); I64 and U8 (label maps, counters) → FLOAT64 values, exact
     * for integers up to 2^53 (larger ones are an error rather than a silent rounding).
     */
    public static Tensor toTensor(NdArray a) {
        int[] shape = a.shape();
        switch (a.type()) {
            case F32:
                return Tensor.fromArray(a.floats(), shape);
            case F64:
                return Tensor.fromArray(a.doubles(), shape);
            case I64: {
                long[] v = a.longs();
                double[] d = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    if (Math.abs(v[i]) > (1L << 53)) {
                        throw new IllegalArgumentException("int64 value " + v[i] + " at " + i + " is not exact as a float64");
                    }
                    d[i] = v[i];
                }
                return Tensor.fromArray(d, shape);
            }
            case U8: {
                byte[] v = a.bytes();
                double[] d = new double[v.length];
                for (int i = 0; i < v.length; i++) d[i] = v[i] & 0xff;
                return Tensor.fromArray(d, shape);
            }
            default:
                throw new IllegalArgumentException("unsupported array type " + a.type());
        }
    }

    /** FLOAT32 → F32, FLOAT64 → F64; copies the data. */
    public static NdArray toNdArray(Tensor t) {
        return NdArray.ofArray(t.copy().data(), t.shape());
    }
}
