package org.segrad.losses.metrics;

import java.util.Arrays;

/**
 * Per-class pixel counts of a predicted mask against a target mask (both int[] of class ids in 0..C−1, same layout):
 * tp_c = |pred = c ∧ target = c|, fp_c = |pred = c ∧ target ≠ c|, fn_c = |pred ≠ c ∧ target = c|. Counts of several
 * images or batches add up with {@link #plus}, which is how a dataset-level IoU is formed.
 */
public record ClassCounts(long[] tp, long[] fp, long[] fn) {

    /** Counts of one pair of masks; a length mismatch or a class id outside 0..classes−1 is an error. */
    public static ClassCounts of(int[] pred, int[] target, int classes) {
        if (classes < 1) throw new IllegalArgumentException("classes must be >= 1, got " + classes);
        if (pred.length != target.length) {
            throw new IllegalArgumentException("pred has " + pred.length + " pixels but target has " + target.length);
        }
        long[] tp = new long[classes], fp = new long[classes], fn = new long[classes];
        for (int i = 0; i < pred.length; i++) {
            int p = check("pred", pred, i, classes), t = check("target", target, i, classes);
            if (p == t) {
                tp[p]++;
            } else {
                fp[p]++;
                fn[t]++;
            }
        }
        return new ClassCounts(tp, fp, fn);
    }

    private static int check(String name, int[] mask, int i, int classes) {
        int v = mask[i];
        if (v < 0 || v >= classes) throw new IllegalArgumentException(name + "[" + i + "] = " + v + " but classes = " + classes);
        return v;
    }

    public int classes() { return tp.length; }

    /** The element-wise sum of two count sets of the same class count. */
    public ClassCounts plus(ClassCounts o) {
        if (o.classes() != classes()) {
            throw new IllegalArgumentException("adding counts of " + o.classes() + " classes to counts of " + classes());
        }
        long[] a = tp.clone(), b = fp.clone(), c = fn.clone();
        for (int k = 0; k < a.length; k++) {
            a[k] += o.tp[k];
            b[k] += o.fp[k];
            c[k] += o.fn[k];
        }
        return new ClassCounts(a, b, c);
    }

    /** IoU_c = tp / (tp + fp + fn); NaN when class c is absent from target and prediction. */
    public double[] iou() {
        double[] out = new double[classes()];
        for (int k = 0; k < out.length; k++) {
            long den = tp[k] + fp[k] + fn[k];
            out[k] = den == 0 ? Double.NaN : (double) tp[k] / den;
        }
        return out;
    }

    /** Dice_c = 2 tp / (2 tp + fp + fn); NaN when class c is absent from target and prediction. */
    public double[] dice() {
        double[] out = new double[classes()];
        for (int k = 0; k < out.length; k++) {
            long den = 2 * tp[k] + fp[k] + fn[k];
            out[k] = den == 0 ? Double.NaN : 2.0 * tp[k] / den;
        }
        return out;
    }

    /** mIoU: the mean of {@link #iou()} over the classes that are not NaN (nan-mean); NaN if all are. */
    public double meanIou() { return nanMean(iou()); }

    /** The nan-mean of {@link #dice()}. */
    public double meanDice() { return nanMean(dice()); }

    /** Mean of the non-NaN values; NaN when there are none. */
    public static double nanMean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassCounts c && Arrays.equals(tp, c.tp) && Arrays.equals(fp, c.fp) && Arrays.equals(fn, c.fn);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(tp) * 31 + Arrays.hashCode(fp) * 17 + Arrays.hashCode(fn); }

    @Override
    public String toString() {
        return "ClassCounts[tp=" + Arrays.toString(tp) + ", fp=" + Arrays.toString(fp) + ", fn=" + Arrays.toString(fn) + "]";
    }
}
