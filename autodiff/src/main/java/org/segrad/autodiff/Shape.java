package org.segrad.autodiff;

import java.util.Arrays;

/** Static helpers on shapes ({@code int[]}, row-major): sizes, strides, NumPy broadcasting, axis checks. */
public final class Shape {
    private Shape() {}

    /** Number of elements; fails on negative dims or overflow of int. */
    public static int numel(int... shape) {
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) throw new IllegalArgumentException("shape " + str(shape) + ": dimension " + i + " is negative");
            n *= shape[i];
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
        }
        return (int) n;
    }

    /** Row-major strides of a contiguous tensor. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** NumPy broadcast of two shapes, or an error naming both. */
    public static int[] broadcast(int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + str(a) + " and " + str(b) + " cannot be broadcast (dimension "
                        + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * Strides with which a tensor of shape {@code from} is read when broadcast to {@code to}: 0 on broadcast
     * dimensions, so that {@code offset = Σ index[i]·stride[i]}.
     */
    public static int[] broadcastStrides(int[] from, int[] to) {
        int[] fs = strides(from);
        int[] out = new int[to.length];
        int lead = to.length - from.length;
        for (int i = 0; i < to.length; i++) {
            if (i < lead) continue;
            int d = from[i - lead];
            if (d != to[i] && d != 1) {
                throw new IllegalArgumentException("shape " + str(from) + " cannot be broadcast to " + str(to));
            }
            out[i] = d == 1 ? 0 : fs[i - lead];
        }
        return out;
    }

    /** Normalises a possibly negative axis, or fails naming the axis and the rank. */
    public static int axis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new IllegalArgumentException("axis " + axis + " is out of range for rank " + rank);
        return a;
    }

    /** Sorted, normalised, de-duplicated axes; an empty argument means every axis. */
    public static int[] axes(int[] axes, int rank) {
        if (axes == null || axes.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) all[i] = i;
            return all;
        }
        boolean[] seen = new boolean[rank];
        for (int a : axes) {
            int n = axis(a, rank);
            if (seen[n]) throw new IllegalArgumentException("axis " + a + " given twice in " + Arrays.toString(axes));
            seen[n] = true;
        }
        int k = 0;
        int[] out = new int[axes.length];
        for (int i = 0; i < rank; i++) if (seen[i]) out[k++] = i;
        return out;
    }

    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
