package org.segrad.autodiff;

import java.util.Arrays;
import org.segrad.kernels.ArrayKernels;
import org.segrad.kernels.StridedKernels;

/**
 * Reductions along axes (sum, mean, max) with keepdim, and the raw broadcast helpers their gradients use. Sums
 * accumulate in double; the loops are the dtype's {@link ArrayKernels} when the reduction is a {@link Block}, else
 * the strided walks of {@link StridedKernels}.
 */
public final class Reductions {
    private Reductions() {}

    /** Σ over {@code axes} (empty = all); ∂x = g broadcast back over the reduced axes. */
    public static Tensor sum(Tensor x, int[] axes, boolean keepdim) {
        int[] ax = Shape.axes(axes, x.rank());
        int[] kept = keptShape(x.shape(), ax);
        if (x.backend() != null) return sumOnDevice(x, kept, keepdim ? kept : dropAxes(x.shape(), ax));
        Tensor out = reduceSum(x, kept).reshapeRaw(keepdim ? kept : dropAxes(x.shape(), ax));
        int[] xs = x.shape();
        return Autograd.record(Primitive.SUM, out, g -> new Tensor[] {broadcastTo(g.reshapeRaw(kept), xs)}, x);
    }

    /** The sum of every element on a device (the only reduction there); ∂x = g broadcast. */
    private static Tensor sumOnDevice(Tensor x, int[] kept, int[] outShape) {
        Device dev = x.device();
        if (Shape.numel(kept) != 1) throw Device.unsupported("sum over some of the axes", dev);
        Tensor out = Tensor.alloc(dev, x.dtype(), outShape);
        dev.backend().sum(x.deviceArray(), out.deviceArray());
        int[] xs = x.shape();
        return Autograd.record(Primitive.SUM, out, g -> {
            Tensor gx = Tensor.alloc(dev, x.dtype(), xs);
            Device.common("sum backward", g, x);
            dev.backend().broadcastScalar(g.deviceArray(), gx.deviceArray());
            return new Tensor[] {gx};
        }, x);
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
        StridedKernels.max(x.data(), xs, st, m.data());
        Tensor out = m.copy().reshapeRaw(keepdim ? kept : dropAxes(xs, ax));
        return Autograd.record(Primitive.MAX, out, g -> {
            Tensor ties = Tensor.alloc(x.dtype(), kept);
            Tensor gx = Tensor.alloc(x.dtype(), xs);
            StridedKernels.maxBackward(x.data(), xs, st, m.data(), g.data(), ties.data(), gx.data());
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
        if (blk == null) return sumTo(Elementwise.binary(ArrayKernels.MUL, g, a, (x, y) -> x * y), shape);
        double[] acc = new double[blk.mid];
        g.dtype().kernels().dotBlocks(g.data(), a.data(), blk.outer, blk.mid, blk.inner, acc);
        return fromAcc(g.dtype(), acc, shape);
    }

    /** Copies x broadcast to {@code shape} (NumPy rules). */
    public static Tensor broadcastTo(Tensor x, int[] shape) {
        if (Arrays.equals(x.shape(), shape)) return x;
        Tensor out = Tensor.alloc(x.dtype(), shape);
        Block blk = Block.of(x.shape(), shape);
        if (blk == null) {
            Block across = Block.across(x.shape(), shape);
            if (across == null) return broadcastToGeneral(x, shape);
            x.dtype().kernels().broadcastAcross(x.data(), out.data(), across.outer, across.mid, across.inner);
            return out;
        }
        x.dtype().kernels().broadcastBlock(x.data(), out.data(), blk.outer, blk.mid, blk.inner);
        return out;
    }

    /** {@link #broadcastTo} by the multi-index walk, for any layout (the reference the fast paths are tested against). */
    static Tensor broadcastToGeneral(Tensor x, int[] shape) {
        Tensor out = Tensor.alloc(x.dtype(), shape);
        StridedKernels.broadcast(x.data(), Shape.broadcastStrides(x.shape(), shape), out.data(), shape);
        return out;
    }

    /** Sums x into a tensor of shape {@code kept} (same rank, each dim 1 or equal to x's), in double. */
    static Tensor reduceSum(Tensor x, int[] kept) {
        int[] xs = x.shape();
        Block blk = Block.of(kept, xs);
        if (blk == null) return reduceSumAcross(x, kept);
        double[] acc = new double[blk.mid];
        x.dtype().kernels().sumBlocks(x.data(), blk.outer, blk.mid, blk.inner, acc);
        return fromAcc(x.dtype(), acc, kept);
    }

    /** reduceSum when the reduced axes are one contiguous run: x = [outer, mid, inner] summed over mid. */
    private static Tensor reduceSumAcross(Tensor x, int[] kept) {
        Block blk = Block.across(kept, x.shape());
        if (blk == null) return reduceSumGeneral(x, kept);
        double[] acc = new double[blk.outer * blk.inner];
        x.dtype().kernels().sumAcross(x.data(), blk.outer, blk.mid, blk.inner, acc);
        return fromAcc(x.dtype(), acc, kept);
    }

    /** {@link #reduceSum} by the multi-index walk, for any layout (the reference the fast path is tested against). */
    static Tensor reduceSumGeneral(Tensor x, int[] kept) {
        double[] acc = new double[Shape.numel(kept)];
        int[] xs = x.shape();
        StridedKernels.sumInto(x.data(), xs, Shape.broadcastStrides(kept, xs), acc);
        return fromAcc(x.dtype(), acc, kept);
    }

    private static Tensor fromAcc(DType dtype, double[] acc, int[] shape) {
        Tensor out = Tensor.alloc(dtype, shape);
        dtype.kernels().fromDoubles(acc, out.data());
        return out;
    }

    /** t / count in place (each value rounded once, as v / count in double then cast); returns t. */
    private static Tensor divideInPlace(Tensor t, int count) {
        t.dtype().kernels().divide(t.data(), count);
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
}
