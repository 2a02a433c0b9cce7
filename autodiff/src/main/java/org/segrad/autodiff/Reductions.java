package org.segrad.autodiff;

import java.util.Arrays;

/** Reductions along axes (sum, mean, max) with keepdim, and the raw broadcast helpers their gradients use. */
public final class Reductions {
    private Reductions() {}

    /** Σ over {@code axes} (empty = all); ∂x = g broadcast back over the reduced axes. */
    public static Tensor sum(Tensor x, int[] axes, boolean keepdim) {
        int[] ax = Shape.axes(axes, x.rank());
        int[] kept = keptShape(x.shape(), ax);
        Tensor out = reduceSum(x, kept).reshapeRaw(keepdim ? kept : dropAxes(x.shape(), ax));
        int[] xs = x.shape();
        return Autograd.record(Primitive.SUM, out, g -> new Tensor[] {broadcastTo(g.reshapeRaw(kept), xs)}, x);
    }

    /** Mean over {@code axes}; ∂x = g / count broadcast back. */
    public static Tensor mean(Tensor x, int[] axes, boolean keepdim) {
        int[] ax = Shape.axes(axes, x.rank());
        int[] kept = keptShape(x.shape(), ax);
        int count = Math.max(1, x.numel() / Math.max(1, Shape.numel(kept)));
        Tensor out = Elementwise.map(reduceSum(x, kept), v -> v / count).reshapeRaw(keepdim ? kept : dropAxes(x.shape(), ax));
        int[] xs = x.shape();
        return Autograd.record(Primitive.MEAN, out, g -> new Tensor[] {
                Elementwise.map(broadcastTo(g.reshapeRaw(kept), xs), v -> v / count)}, x);
    }

    /**
     * Max over {@code axes}; ∂x = g at the maximal elements, split evenly between ties (PyTorch's {@code amax} rule).
     */
    public static Tensor max(Tensor x, int[] axes, boolean keepdim) {
        int[] ax = Shape.axes(axes, x.rank());
        int[] kept = keptShape(x.shape(), ax);
        if (x.numel() == 0) throw new IllegalArgumentException("max of an empty tensor of shape " + Shape.str(x.shape()));
        Tensor m = Tensor.full(x.dtype(), Double.NEGATIVE_INFINITY, kept);
        int[] xs = x.shape();
        int[] st = Shape.broadcastStrides(kept, xs);
        forEachOffset(xs, st, (i, o) -> {
            double v = x.get(i);
            if (v > m.get(o) || Double.isNaN(v)) m.set(o, v);
        });
        Tensor out = m.copy().reshapeRaw(keepdim ? kept : dropAxes(xs, ax));
        return Autograd.record(Primitive.MAX, out, g -> {
            Tensor ties = Tensor.zeros(x.dtype(), kept);
            forEachOffset(xs, st, (i, o) -> { if (x.get(i) == m.get(o)) ties.set(o, ties.get(o) + 1); });
            Tensor gk = g.reshapeRaw(kept);
            Tensor gx = Tensor.zeros(x.dtype(), xs);
            forEachOffset(xs, st, (i, o) -> { if (x.get(i) == m.get(o)) gx.set(i, gk.get(o) / ties.get(o)); });
            return new Tensor[] {gx};
        }, x);
    }

    // ------------------------------------------------------------ raw helpers (not recorded)

    /** Sums g over broadcast dimensions so that it has {@code shape} (the adjoint of broadcasting). */
    public static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) return g;
        int lead = gs.length - shape.length;
        if (lead < 0) throw new IllegalArgumentException("sumTo: cannot reduce " + Shape.str(gs) + " to " + Shape.str(shape));
        int[] kept = new int[gs.length];
        for (int i = 0; i < gs.length; i++) kept[i] = i < lead ? 1 : shape[i - lead];
        return reduceSum(g, kept).reshapeRaw(shape);
    }

    /** Copies x broadcast to {@code shape} (NumPy rules). */
    public static Tensor broadcastTo(Tensor x, int[] shape) {
        if (Arrays.equals(x.shape(), shape)) return x;
        Tensor out = Tensor.zeros(x.dtype(), shape);
        forEachOffset(shape, Shape.broadcastStrides(x.shape(), shape), (i, o) -> out.set(i, x.get(o)));
        return out;
    }

    /** Sums x into a tensor of shape {@code kept} (same rank, each dim 1 or equal to x's). */
    static Tensor reduceSum(Tensor x, int[] kept) {
        double[] acc = new double[Shape.numel(kept)];
        int[] xs = x.shape();
        if (x.dtype() == DType.FLOAT32 && acc.length == 1) {
            double s = 0;
            for (float v : x.floatData()) s += v;
            acc[0] = s;
        } else {
            forEachOffset(xs, Shape.broadcastStrides(kept, xs), (i, o) -> acc[o] += x.get(i));
        }
        Tensor out = Tensor.zeros(x.dtype(), kept);
        for (int i = 0; i < acc.length; i++) out.set(i, acc[i]);
        return out;
    }

    /** Shape with the reduced axes set to 1. */
    static int[] keptShape(int[] shape, int[] axes) {
        int[] k = shape.clone();
        for (int a : axes) k[a] = 1;
        return k;
    }

    static int[] dropAxes(int[] shape, int[] axes) {
        int[] out = new int[shape.length - axes.length];
        int j = 0, a = 0;
        for (int i = 0; i < shape.length; i++) {
            if (a < axes.length && axes[a] == i) a++;
            else out[j++] = shape[i];
        }
        return out;
    }

    @FunctionalInterface
    interface OffsetVisitor {
        void visit(int flat, int offset);
    }

    /** Visits every flat index of {@code shape} with the offset given by {@code strides} (0 on broadcast axes). */
    static void forEachOffset(int[] shape, int[] strides, OffsetVisitor v) {
        int n = Shape.numel(shape);
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
}
