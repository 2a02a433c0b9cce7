package org.segrad.losses;

import java.util.Arrays;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.ShapeOps;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.ClassMapKernels;

/**
 * A validated integer label map for logits of shape [N, C, d1, …]: labels have shape [N, d1, …] and hold class ids
 * 0..C−1 or the ignore index. Pixel i runs over the M = N·d1·… positions in row-major order; image(i) = i / hw.
 * Ignored pixels have id −1 here. Everything is a constant for the tape.
 */
final class LabelMap {
    final int n;
    final int classes;
    final int hw;
    final int[] logitsShape;
    /** Class id per pixel, −1 where ignored. */
    final int[] ids;
    final int kept;

    private LabelMap(int[] logitsShape, int[] ids) {
        this.logitsShape = logitsShape;
        this.n = logitsShape[0];
        this.classes = logitsShape[1];
        this.ids = ids;
        this.hw = n == 0 ? 0 : ids.length / n;
        int k = 0;
        for (int id : ids) if (id >= 0) k++;
        this.kept = k;
    }

    /** Validates {@code labels} against {@code logits}; a bad shape or class id is an IllegalArgumentException. */
    static LabelMap of(Tensor logits, Tensor labels, int ignoreIndex) {
        int[] zs = logits.shape();
        if (zs.length < 2) throw new IllegalArgumentException("logits must have shape [N, C, ...], got " + Arrays.toString(zs));
        if (zs[1] < 1) throw new IllegalArgumentException("logits must have at least one class, got shape " + Arrays.toString(zs));
        int[] expected = new int[zs.length - 1];
        expected[0] = zs[0];
        System.arraycopy(zs, 2, expected, 1, zs.length - 2);
        int[] ls = labels.shape();
        if (!Arrays.equals(ls, expected)) {
            throw new IllegalArgumentException("labels have shape " + Arrays.toString(ls) + " but logits " + Arrays.toString(zs)
                    + " need labels of shape " + Arrays.toString(expected));
        }
        int[] ids = new int[labels.numel()];
        int bad = ClassMapKernels.classIds(labels.data(), zs[1], ignoreIndex != LossOptions.NO_IGNORE, ignoreIndex, ids);
        if (bad >= 0) {
            double v = labels.get(bad);
            int c = (int) v;
            if (c != v) {
                throw new IllegalArgumentException("labels" + Arrays.toString(ShapeOps.unravel(bad, ls)) + " = " + v
                        + " is not an integer class id");
            }
            throw new IllegalArgumentException("labels" + Arrays.toString(ShapeOps.unravel(bad, ls)) + " = " + c
                    + " but classes = " + zs[1] + (ignoreIndex == LossOptions.NO_IGNORE ? "" : " (ignore-index = " + ignoreIndex + ")"));
        }
        return new LabelMap(zs.clone(), ids);
    }

    int pixels() { return ids.length; }

    /** Flat index of (pixel i, class c) in the logits. */
    int at(int i, int c) {
        return ClassMapKernels.at(i, c, classes, hw);
    }

    /** One-hot [N, C, …] scaled per class by {@code w} (null = 1); ignored pixels are all zero. */
    Tensor oneHot(DType dtype, double[] w) {
        return oneHotOf(ids, dtype, w);
    }

    /** One-hot [N, C, …] of the given per-pixel class (−1 = none). */
    Tensor oneHotOf(int[] cls, DType dtype) {
        return oneHotOf(cls, dtype, null);
    }

    private Tensor oneHotOf(int[] cls, DType dtype, double[] w) {
        Tensor t = Tensor.zeros(dtype, logitsShape);
        ClassMapKernels.oneHot(cls, classes, hw, w, t.data());
        return t;
    }

    /** 1 where a pixel counts, 0 where ignored, of shape [N, 1, …]. */
    Tensor mask(DType dtype) {
        int[] s = logitsShape.clone();
        s[1] = 1;
        Tensor t = Tensor.zeros(dtype, s);
        ClassMapKernels.pixelWeights(ids, null, t.data());
        return t;
    }

    /** Per-pixel weight w_{y_i} (0 where ignored), shape [N, …] (the labels' shape). */
    Tensor pixelWeights(DType dtype, double[] w) {
        int[] s = new int[logitsShape.length - 1];
        s[0] = n;
        System.arraycopy(logitsShape, 2, s, 1, s.length - 1);
        Tensor t = Tensor.zeros(dtype, s);
        ClassMapKernels.pixelWeights(ids, w, t.data());
        return t;
    }

    /** Σ_i m_i w_{y_i}. */
    double totalWeight(double[] w) {
        return ClassMapKernels.totalWeight(ids, w);
    }

    static double classWeight(double[] w, int c) {
        return ClassMapKernels.weight(w, c);
    }
}
