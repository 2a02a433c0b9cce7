package org.segrad.autodiff;

import java.util.Arrays;
import org.segrad.kernels.StridedKernels;

/** Shape primitives: reshape, permute, concat, slice, constant pad, and one-hot encoding. */
public final class ShapeOps {
    private ShapeOps() {}

    /** The same values under a new shape (one dimension may be −1 and is inferred); ∂x = g reshaped back. */
    public static Tensor reshape(Tensor x, int... newShape) {
        int[] s = inferShape(x, newShape);
        Tensor out = x.copy().reshapeRaw(s);
        int[] xs = x.shape();
        return Autograd.record(Primitive.RESHAPE, out, g -> new Tensor[] {g.reshapeRaw(xs)}, x);
    }

    private static int[] inferShape(Tensor x, int[] newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape " + Shape.str(newShape) + ": only one dimension can be -1");
                infer = i;
            } else {
                if (s[i] < 0) throw new IllegalArgumentException("reshape " + Shape.str(newShape) + ": negative dimension");
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.numel() % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + Shape.str(x.shape()) + " to " + Shape.str(newShape));
            }
            s[infer] = (int) (x.numel() / known);
        }
        if (Shape.numel(s) != x.numel()) {
            throw new IllegalArgumentException("cannot reshape " + Shape.str(x.shape()) + " (" + x.numel() + " values) to "
                    + Shape.str(newShape));
        }
        return s;
    }

    /** Reorders the axes: out.shape[i] = x.shape[dims[i]]; ∂x = g permuted by the inverse permutation. */
    public static Tensor permute(Tensor x, int... dims) {
        int r = x.rank();
        if (dims.length != r) {
            throw new IllegalArgumentException("permute " + Arrays.toString(dims) + " for a tensor of shape " + Shape.str(x.shape()));
        }
        int[] p = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            p[i] = Shape.axis(dims[i], r);
            if (seen[p[i]]) throw new IllegalArgumentException("permute " + Arrays.toString(dims) + " repeats an axis");
            seen[p[i]] = true;
        }
        int[] inv = new int[r];
        for (int i = 0; i < r; i++) inv[p[i]] = i;
        Tensor out = permuteRaw(x, p);
        return Autograd.record(Primitive.PERMUTE, out, g -> new Tensor[] {permuteRaw(g, inv)}, x);
    }

    static Tensor permuteRaw(Tensor x, int[] p) {
        int[] xs = x.shape(), xst = Shape.strides(xs);
        int[] os = new int[p.length], st = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            os[i] = xs[p[i]];
            st[i] = xst[p[i]];
        }
        Tensor out = Tensor.alloc(x.dtype(), os);
        StridedKernels.broadcast(x.data(), st, out.data(), os);
        return out;
    }

    /** Joins tensors along {@code axis} (other dims equal); each input's gradient is its slice of g. */
    public static Tensor concat(int axis, Tensor... xs) {
        if (xs.length == 0) throw new IllegalArgumentException("concat of no tensors");
        int r = xs[0].rank();
        int ax = Shape.axis(axis, r);
        int[] os = xs[0].shape();
        os[ax] = 0;
        DType dt = xs[0].dtype();
        for (Tensor t : xs) {
            int[] s = t.shape();
            if (s.length != r) throw new IllegalArgumentException("concat: shapes " + Shape.str(xs[0].shape()) + " and " + Shape.str(s) + " differ in rank");
            for (int i = 0; i < r; i++) {
                if (i != ax && s[i] != xs[0].dim(i)) {
                    throw new IllegalArgumentException("concat along axis " + axis + ": shapes " + Shape.str(xs[0].shape()) + " and "
                            + Shape.str(s) + " differ in dimension " + i);
                }
            }
            os[ax] += s[ax];
            dt = DType.promote(dt, t.dtype());
        }
        Device dev = Device.common("concat", xs);
        Tensor out = Tensor.allocOverwritten(dev, dt, os);   // the inputs' runs tile the output
        int outer = 1, inner = 1;
        for (int i = 0; i < ax; i++) outer *= os[i];
        for (int i = ax + 1; i < r; i++) inner *= os[i];
        int[] starts = new int[xs.length];
        int start = 0;
        for (int k = 0; k < xs.length; k++) {
            starts[k] = start;
            int len = xs[k].dim(ax);
            // Each outer block of an input is one contiguous run of the output.
            if (!dev.isCpu()) {
                dev.backend().copyBlocks(outer, inner, len, xs[k].deviceArray(), len, 0, out.deviceArray(), os[ax], start);
            } else {
                StridedKernels.copyRuns(xs[k].data(), 0, len * inner, out.data(), start * inner, os[ax] * inner, outer, len * inner);
            }
            start += len;
        }
        Tensor[] inputs = xs.clone();
        return Autograd.record(Primitive.CONCAT, out, g -> {
            Tensor[] gs = new Tensor[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                gs[k] = sliceRaw(g, ax, starts[k], starts[k] + inputs[k].dim(ax));
            }
            return gs;
        }, inputs);
    }

    /** x[..., start:end, ...] along {@code axis} (step 1); ∂x = g scattered into zeros. */
    public static Tensor slice(Tensor x, int axis, int start, int end) {
        int ax = Shape.axis(axis, x.rank());
        int n = x.dim(ax);
        if (start < 0 || end > n || start > end) {
            throw new IllegalArgumentException("slice [" + start + ":" + end + "] out of range for axis " + axis + " of size " + n);
        }
        Tensor out = sliceRaw(x, ax, start, end);
        int[] xs = x.shape();
        return Autograd.record(Primitive.SLICE, out, g -> {
            int[] pads = new int[2 * xs.length];
            pads[2 * ax] = start;
            pads[2 * ax + 1] = n - end;
            return new Tensor[] {padRaw(g, pads, 0)};
        }, x);
    }

    /** x[..., start:end, ...] along ax: one {@code System.arraycopy} per outer block. */
    static Tensor sliceRaw(Tensor x, int ax, int start, int end) {
        int[] xs = x.shape();
        int[] os = xs.clone();
        os[ax] = end - start;
        int outer = 1, inner = 1;
        for (int i = 0; i < ax; i++) outer *= xs[i];
        for (int i = ax + 1; i < xs.length; i++) inner *= xs[i];
        Backend b = x.backend();
        Tensor out = Tensor.alloc(x.device(), x.dtype(), os);
        if (b != null) {
            b.copyBlocks(outer, inner, end - start, x.deviceArray(), xs[ax], start, out.deviceArray(), end - start, 0);
            return out;
        }
        int run = (end - start) * inner;
        StridedKernels.copyRuns(x.data(), start * inner, xs[ax] * inner, out.data(), 0, run, outer, run);
        return out;
    }

    /**
     * Constant padding: {@code pads = [before0, after0, before1, after1, …]}, one pair per axis in axis order
     * (unlike PyTorch's last-axis-first order); ∂x = the un-padded window of g.
     */
    public static Tensor pad(Tensor x, int[] pads, double value) {
        if (pads.length != 2 * x.rank()) {
            throw new IllegalArgumentException("pad needs 2 values per axis (" + 2 * x.rank() + ") for shape " + Shape.str(x.shape())
                    + ", got " + pads.length);
        }
        for (int p : pads) if (p < 0) throw new IllegalArgumentException("pad amounts must be >= 0, got " + Arrays.toString(pads));
        Tensor out = padRaw(x, pads, value);
        int[] xs = x.shape();
        return Autograd.record(Primitive.PAD, out, g -> {
            Tensor r = g;
            for (int a = 0; a < xs.length; a++) r = sliceRaw(r, a, pads[2 * a], pads[2 * a] + xs[a]);
            return new Tensor[] {r};
        }, x);
    }

    static Tensor padRaw(Tensor x, int[] pads, double value) {
        int[] xs = x.shape();
        int[] os = new int[xs.length];
        for (int a = 0; a < xs.length; a++) os[a] = xs[a] + pads[2 * a] + pads[2 * a + 1];
        Tensor out = Tensor.full(x.dtype(), value, os);
        int[] ost = Shape.strides(os);
        int base = 0;
        for (int a = 0; a < xs.length; a++) base += pads[2 * a] * ost[a];
        if (xs.length == 0) {
            out.set(0, x.get(0));
            return out;
        }
        // One arraycopy per row (last axis) of x, visiting the rows by the multi-index walk over the other axes.
        int r = xs.length, row = xs[r - 1], b = base;
        StridedKernels.copyRows(x.data(), Arrays.copyOf(xs, r - 1), Arrays.copyOf(ost, r - 1), out.data(), b, row);
        return out;
    }

    /**
     * One-hot encoding of integer class ids: labels of shape [N, d1, …] → [N, classes, d1, …] (class axis 1, the
     * NCHW convention of segmentation). Values must be integers in 0..classes−1; no gradient.
     */
    public static Tensor oneHot(Tensor labels, int classes, DType dtype) {
        if (classes < 1) throw new IllegalArgumentException("oneHot: classes must be >= 1, got " + classes);
        int[] ls = labels.shape();
        if (ls.length < 1) throw new IllegalArgumentException("oneHot: labels need a batch axis, got shape " + Shape.str(ls));
        int[] os = new int[ls.length + 1];
        os[0] = ls[0];
        os[1] = classes;
        System.arraycopy(ls, 1, os, 2, ls.length - 1);
        int inner = ls[0] == 0 ? 0 : labels.numel() / ls[0];
        Tensor out = Tensor.alloc(dtype, os);
        int bad = StridedKernels.oneHot(labels.data(), out.data(), ls[0], classes, inner);
        if (bad >= 0) {
            throw new IllegalArgumentException("labels" + Arrays.toString(unravel(bad, ls)) + " = " + labels.get(bad)
                    + " but classes = " + classes);
        }
        return Autograd.record(Primitive.ONE_HOT, out, g -> new Tensor[] {null}, labels);
    }

    /** Multi-index of a flat row-major index. */
    public static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        return idx;
    }
}
