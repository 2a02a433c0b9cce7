package org.segrad.kernels;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleSupplier;

/**
 * Loops that walk a multi-index (NumPy broadcasting by strides, 0 on a broadcast axis) or mix element types: the
 * general paths behind the per-dtype {@link ArrayKernels}, which the fast paths are tested against. Every array is a
 * {@code float[]} or a {@code double[]}; elements are read widened to double and written rounded to the array's type.
 * Each method reads its inputs and overwrites only the output it names.
 */
public final class StridedKernels {
    private StridedKernels() {}

    /** A function of three doubles. */
    @FunctionalInterface
    public interface Ternary {
        double apply(double a, double b, double c);
    }

    /** Element i of a float[] or double[], widened to double. */
    public static double get(Object a, int i) {
        return a instanceof float[] f ? f[i] : ((double[]) a)[i];
    }

    /** a[i] = v (rounded to float for a float[]). */
    public static void set(Object a, int i, double v) {
        if (a instanceof float[] f) f[i] = (float) v;
        else ((double[]) a)[i] = v;
    }

    /** Number of elements of a float[] or double[]. */
    public static int length(Object a) {
        return a instanceof float[] f ? f.length : ((double[]) a).length;
    }

    /** a[i] = next value of {@code values}, i in order (random initialisation, dropout masks). Overwrites a. */
    public static void fill(Object a, DoubleSupplier values) {
        int n = length(a);
        for (int i = 0; i < n; i++) set(a, i, values.getAsDouble());
    }

    /**
     * One-hot of integer class ids: labels [batch, inner] → out [batch, classes, inner], out[b, c, j] = 1 where
     * labels[b, j] = c (out holds zeros elsewhere). Returns −1, or the flat index of the first label that is not an
     * integer in 0..classes−1 (out is then partly written).
     */
    public static int oneHot(Object labels, Object out, int batch, int classes, int inner) {
        for (int n = 0, i = 0; n < batch; n++)
            for (int j = 0; j < inner; j++, i++) {
                double v = get(labels, i);
                int c = (int) v;
                if (c != v || c < 0 || c >= classes) return i;
                set(out, (n * classes + c) * inner + j, 1);
            }
        return -1;
    }

    /** dst[i] = src[i] converted (the dtype cast). Overwrites dst. */
    public static void cast(Object src, Object dst) {
        int n = length(dst);
        for (int i = 0; i < n; i++) set(dst, i, get(src, i));
    }

    /**
     * Σ a[i]·b[i] over the elements of a, in index order, each product and the running sum in double (a and b of any
     * types; a gradient check's projection, where the order is part of the reference). Reads a and b.
     */
    public static double dotInOrder(Object a, Object b) {
        int n = length(a);
        double s = 0;
        for (int i = 0; i < n; i++) s += get(a, i) * get(b, i);
        return s;
    }

    /** a[i] = a[i] + b[i] (a and b of any types, same length; rounded to a's type). Updates a. */
    public static void addInto(Object a, Object b) {
        int n = length(a);
        for (int i = 0; i < n; i++) set(a, i, get(a, i) + get(b, i));
    }

    /** y[b, o, ·] += bias[o] over y = [n, c, hw], any two types (each sum in double, rounded to y's type). */
    public static void addChannelBias(Object y, Object bias, int n, int c, int hw) {
        for (int b = 0; b < n; b++)
            for (int o = 0; o < c; o++) {
                int base = (b * c + o) * hw;
                double v = get(bias, o);
                for (int i = 0; i < hw; i++) set(y, base + i, get(y, base + i) + v);
            }
    }

    /** out[i] = fn(a[·], b[·]) over {@code shape}, a and b read at their broadcast strides. Overwrites out. */
    public static void zip(Object a, int[] sa, Object b, int[] sb, Object out, int[] shape, DoubleBinaryOperator fn) {
        int n = numel(shape);
        int[] idx = new int[shape.length];
        int oa = 0, ob = 0;
        for (int i = 0; i < n; i++) {
            set(out, i, fn.applyAsDouble(get(a, oa), get(b, ob)));
            for (int k = shape.length - 1; k >= 0; k--) {
                idx[k]++;
                oa += sa[k];
                ob += sb[k];
                if (idx[k] < shape[k]) break;
                oa -= sa[k] * shape[k];
                ob -= sb[k] * shape[k];
                idx[k] = 0;
            }
        }
    }

    /** out[i] = fn(a[·], b[·], c[·]) over {@code shape} at the three broadcast strides. Overwrites out. */
    public static void zip3(Object a, int[] sa, Object b, int[] sb, Object c, int[] sc, Object out, int[] shape, Ternary fn) {
        int n = numel(shape);
        int[] idx = new int[shape.length];
        int oa = 0, ob = 0, oc = 0;
        for (int i = 0; i < n; i++) {
            set(out, i, fn.apply(get(a, oa), get(b, ob), get(c, oc)));
            for (int k = shape.length - 1; k >= 0; k--) {
                idx[k]++;
                oa += sa[k];
                ob += sb[k];
                oc += sc[k];
                if (idx[k] < shape[k]) break;
                oa -= sa[k] * shape[k];
                ob -= sb[k] * shape[k];
                oc -= sc[k] * shape[k];
                idx[k] = 0;
            }
        }
    }

    /**
     * count runs of {@code run} elements: dst[dstOff + o·dstStride + j] = src[srcOff + o·srcStride + j] (concat and
     * slice blocks), one {@code System.arraycopy} per run when the types agree, converted element by element
     * otherwise. Overwrites those runs of dst.
     */
    public static void copyRuns(Object src, int srcOff, int srcStride, Object dst, int dstOff, int dstStride, int count, int run) {
        boolean same = src.getClass() == dst.getClass();
        for (int o = 0; o < count; o++) {
            int s = srcOff + o * srcStride, d = dstOff + o * dstStride;
            if (same) System.arraycopy(src, s, dst, d, run);
            else for (int j = 0; j < run; j++) set(dst, d + j, get(src, s + j));
        }
    }

    /**
     * The rows of src (shape {@code rows} × row, contiguous) copied to dst at {@code base} + the offset of each row
     * index by {@code dstStrides} (padding). Same array type. Overwrites those rows of dst.
     */
    public static void copyRows(Object src, int[] rows, int[] dstStrides, Object dst, int base, int row) {
        forEachOffset(rows, dstStrides, (i, o) -> System.arraycopy(src, i * row, dst, base + o, row));
    }

    /** out[i] = x[offset of i] over {@code shape} (a broadcast copy or a permutation). Overwrites out. */
    public static void broadcast(Object x, int[] strides, Object out, int[] shape) {
        forEachOffset(shape, strides, (i, o) -> set(out, i, get(x, o)));
    }

    /** acc[offset of i] += x[i] over x's {@code shape} (a sum over the broadcast axes). Adds into acc. */
    public static void sumInto(Object x, int[] shape, int[] strides, double[] acc) {
        forEachOffset(shape, strides, (i, o) -> acc[o] += get(x, i));
    }

    /**
     * m[offset of i] = x[i] where x[i] &gt; m[offset] or x[i] is NaN (m holds −∞ first): the max over the axes of
     * stride 0. Updates m.
     */
    public static void max(Object x, int[] shape, int[] strides, Object m) {
        forEachOffset(shape, strides, (i, o) -> {
            double v = get(x, i);
            if (v > get(m, o) || Double.isNaN(v)) set(m, o, v);
        });
    }

    /**
     * The max's gradient: ties[o] counts the x equal to m[o] (ties starts at 0, counts in its element type), then
     * gx[i] = g[o] / ties[o] where x[i] = m[o]. Overwrites ties and those gx elements (the others stay as given).
     */
    public static void maxBackward(Object x, int[] shape, int[] strides, Object m, Object g, Object ties, Object gx) {
        forEachOffset(shape, strides, (i, o) -> { if (get(x, i) == get(m, o)) set(ties, o, get(ties, o) + 1); });
        forEachOffset(shape, strides, (i, o) -> { if (get(x, i) == get(m, o)) set(gx, i, get(g, o) / get(ties, o)); });
    }

    @FunctionalInterface
    private interface OffsetVisitor {
        void visit(int flat, int offset);
    }

    /** Visits every flat index of {@code shape} with the offset given by {@code strides} (0 on broadcast axes). */
    private static void forEachOffset(int[] shape, int[] strides, OffsetVisitor v) {
        int n = numel(shape);
        int[] idx = new int[shape.length];
        int off = 0;
        for (int i = 0; i < n; i++) {
            v.visit(i, off);
            for (int k = shape.length - 1; k >= 0; k--) {
                idx[k]++;
                off += strides[k];
                if (idx[k] < shape[k]) break;
                off -= strides[k] * shape[k];
                idx[k] = 0;
            }
        }
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }
}
