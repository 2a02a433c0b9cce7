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
        Tensor out = divideInPlace(reduceSum(x, kept), count).reshapeRaw(keepdim ? kept : dropAxes(x.shape(), ax));
        int[] xs = x.shape();
        // (g / count) broadcast equals broadcast(g) / count element for element; dividing first touches fewer values.
        return Autograd.record(Primitive.MEAN, out, g -> new Tensor[] {
                broadcastTo(divideInPlace(g.copy(), count).reshapeRaw(kept), xs)}, x);
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
            Tensor ties = Tensor.alloc(x.dtype(), kept);
            forEachOffset(xs, st, (i, o) -> { if (x.get(i) == m.get(o)) ties.set(o, ties.get(o) + 1); });
            Tensor gk = g.reshapeRaw(kept);
            Tensor gx = Tensor.alloc(x.dtype(), xs);
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

    /**
     * Σ over broadcast dimensions of g·a (g and a of one shape) to {@code shape}: the gradient of a product,
     * fused so that no full-size temporary is made when the reduction is a {@link Block} (per-channel, scalar).
     */
    static Tensor sumProductTo(Tensor g, Tensor a, int[] shape) {
        int[] gs = g.shape();
        Block blk = Arrays.equals(gs, a.shape()) && g.dtype() == a.dtype() && !Arrays.equals(gs, shape)
                && shape.length <= gs.length ? Block.of(shape, gs) : null;
        if (blk == null) return sumTo(Elementwise.binary(ArrayLoops.MUL, g, a, (x, y) -> x * y), shape);
        double[] acc = new double[blk.mid];
        boolean f32 = g.dtype() == DType.FLOAT32;
        float[] gf = f32 ? g.floatData() : null, af = f32 ? a.floatData() : null;
        double[] gd = f32 ? null : g.doubleData(), ad = f32 ? null : a.doubleData();
        for (int o = 0, k = 0; o < blk.outer; o++)
            for (int m = 0; m < blk.mid; m++, k += blk.inner) {
                acc[m] += f32 ? ArrayLoops.dot(gf, k, af, k, blk.inner) : ArrayLoops.dot(gd, k, ad, k, blk.inner);
            }
        return fromAcc(g.dtype(), acc, shape);
    }

    /** Copies x broadcast to {@code shape} (NumPy rules). */
    public static Tensor broadcastTo(Tensor x, int[] shape) {
        if (Arrays.equals(x.shape(), shape)) return x;
        Tensor out = Tensor.alloc(x.dtype(), shape);
        Block blk = Block.of(x.shape(), shape);
        boolean f32 = x.dtype() == DType.FLOAT32;
        Object src = f32 ? x.floatData() : x.doubleData(), dst = f32 ? out.floatData() : out.doubleData();
        if (blk == null) {
            Block across = Block.across(x.shape(), shape);
            if (across == null) return broadcastToGeneral(x, shape);
            // x = [outer, 1, inner] repeated over mid: one copy of each inner run per mid index.
            for (int o = 0, k = 0; o < across.outer; o++)
                for (int m = 0; m < across.mid; m++, k += across.inner) {
                    System.arraycopy(src, o * across.inner, dst, k, across.inner);
                }
            return out;
        }
        for (int o = 0, k = 0; o < blk.outer; o++) {
            if (blk.inner == 1) {
                System.arraycopy(src, 0, dst, k, blk.mid);
                k += blk.mid;
                continue;
            }
            for (int m = 0; m < blk.mid; m++, k += blk.inner) {
                if (f32) Arrays.fill((float[]) dst, k, k + blk.inner, ((float[]) src)[m]);
                else Arrays.fill((double[]) dst, k, k + blk.inner, ((double[]) src)[m]);
            }
        }
        return out;
    }

    /** {@link #broadcastTo} by the multi-index walk, for any layout (the reference the fast paths are tested against). */
    static Tensor broadcastToGeneral(Tensor x, int[] shape) {
        Tensor out = Tensor.alloc(x.dtype(), shape);
        forEachOffset(shape, Shape.broadcastStrides(x.shape(), shape), (i, o) -> out.set(i, x.get(o)));
        return out;
    }

    /** Sums x into a tensor of shape {@code kept} (same rank, each dim 1 or equal to x's), in double. */
    static Tensor reduceSum(Tensor x, int[] kept) {
        int[] xs = x.shape();
        Block blk = Block.of(kept, xs);
        if (blk == null) return reduceSumAcross(x, kept);
        double[] acc = new double[blk.mid];
        boolean f32 = x.dtype() == DType.FLOAT32;
        float[] xf = f32 ? x.floatData() : null;
        double[] xd = f32 ? null : x.doubleData();
        for (int o = 0, k = 0; o < blk.outer; o++) {
            if (blk.inner == 1) {
                if (f32) for (int m = 0; m < blk.mid; m++) acc[m] += xf[k + m];
                else for (int m = 0; m < blk.mid; m++) acc[m] += xd[k + m];
                k += blk.mid;
                continue;
            }
            for (int m = 0; m < blk.mid; m++, k += blk.inner) {
                acc[m] += f32 ? ArrayLoops.sum(xf, k, blk.inner) : ArrayLoops.sum(xd, k, blk.inner);
            }
        }
        return fromAcc(x.dtype(), acc, kept);
    }

    /** reduceSum when the reduced axes are one contiguous run: x = [outer, mid, inner] summed over mid. */
    private static Tensor reduceSumAcross(Tensor x, int[] kept) {
        Block blk = Block.across(kept, x.shape());
        if (blk == null) return reduceSumGeneral(x, kept);
        int inner = blk.inner;
        double[] acc = new double[blk.outer * inner];
        boolean f32 = x.dtype() == DType.FLOAT32;
        float[] xf = f32 ? x.floatData() : null;
        double[] xd = f32 ? null : x.doubleData();
        for (int o = 0, k = 0; o < blk.outer; o++)
            for (int m = 0; m < blk.mid; m++, k += inner) {
                int a = o * inner;
                if (f32) for (int j = 0; j < inner; j++) acc[a + j] += xf[k + j];
                else for (int j = 0; j < inner; j++) acc[a + j] += xd[k + j];
            }
        return fromAcc(x.dtype(), acc, kept);
    }

    /** {@link #reduceSum} by the multi-index walk, for any layout (the reference the fast path is tested against). */
    static Tensor reduceSumGeneral(Tensor x, int[] kept) {
        double[] acc = new double[Shape.numel(kept)];
        int[] xs = x.shape();
        forEachOffset(xs, Shape.broadcastStrides(kept, xs), (i, o) -> acc[o] += x.get(i));
        return fromAcc(x.dtype(), acc, kept);
    }

    private static Tensor fromAcc(DType dtype, double[] acc, int[] shape) {
        Tensor out = Tensor.alloc(dtype, shape);
        if (dtype == DType.FLOAT64) System.arraycopy(acc, 0, out.doubleData(), 0, acc.length);
        else for (int i = 0; i < acc.length; i++) out.floatData()[i] = (float) acc[i];
        return out;
    }

    /** t / count in place (each value rounded once, as v / count in double then cast); returns t. */
    private static Tensor divideInPlace(Tensor t, int count) {
        if (t.dtype() == DType.FLOAT64) {
            double[] d = t.doubleData();
            for (int i = 0; i < d.length; i++) d[i] /= count;
        } else {
            float[] f = t.floatData();
            for (int i = 0; i < f.length; i++) f[i] = (float) (f[i] / (double) count);
        }
        return t;
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
