package org.segrad.autodiff;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.segrad.kernels.ArrayKernels;
import org.segrad.kernels.StridedKernels;

/**
 * Elementwise primitives with NumPy broadcasting. Each method computes its output and registers, right beside it,
 * the vector-Jacobian product (g = gradient of the output; gradients are summed back to each input's shape).
 * The loops run in vectorapi-kernels: the per-dtype {@link ArrayKernels} of the operands' dtype, or the general
 * strided loops ({@link StridedKernels}) for broadcasts that are not a {@link Block} and for mixed dtypes.
 */
public final class Elementwise {
    private Elementwise() {}

    // ------------------------------------------------------------ binary

    /** a + b; ∂a = g, ∂b = g. */
    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = binary(ArrayKernels.ADD, a, b, Double::sum);
        return Autograd.record(Primitive.ADD, out, g -> new Tensor[] {
                Reductions.sumTo(g, a.shape()), Reductions.sumTo(g, b.shape())}, a, b);
    }

    /** a − b; ∂a = g, ∂b = −g. */
    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = binary(ArrayKernels.SUB, a, b, (x, y) -> x - y);
        return Autograd.record(Primitive.SUB, out, g -> new Tensor[] {
                Reductions.sumTo(g, a.shape()), b.requiresGrad() ? Reductions.sumTo(negRaw(g), b.shape()) : null}, a, b);
    }

    /** a · b; ∂a = g·b, ∂b = g·a. */
    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = binary(ArrayKernels.MUL, a, b, (x, y) -> x * y);
        return Autograd.record(Primitive.MUL, out, g -> new Tensor[] {
                a.requiresGrad() ? Reductions.sumProductTo(g, b, a.shape()) : null,
                b.requiresGrad() ? Reductions.sumProductTo(g, a, b.shape()) : null}, a, b);
    }

    /** a / b; ∂a = g / b, ∂b = −g·a / b². */
    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = binary(ArrayKernels.DIV, a, b, (x, y) -> x / y);
        return Autograd.record(Primitive.DIV, out, g -> new Tensor[] {
                a.requiresGrad() ? Reductions.sumTo(binary(ArrayKernels.DIV, g, b, (x, y) -> x / y), a.shape()) : null,
                b.requiresGrad() ? Reductions.sumTo(zip3(g, a, b, (gg, x, y) -> -gg * x / (y * y)), b.shape()) : null}, a, b);
    }

    /**
     * where(mask, a, b) = mask ≠ 0 ? a : b (all three broadcast together); ∂a = g·[mask ≠ 0], ∂b = g·[mask = 0];
     * the mask gets no gradient.
     */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) {
        Tensor out = zip3(mask, a, b, (m, x, y) -> m != 0 ? x : y);
        return Autograd.record(Primitive.WHERE, out, g -> new Tensor[] {null,
                Reductions.sumTo(zip3(g, mask, g, (gg, m, unused) -> m != 0 ? gg : 0), a.shape()),
                Reductions.sumTo(zip3(g, mask, g, (gg, m, unused) -> m != 0 ? 0 : gg), b.shape())}, mask, a, b);
    }

    // ------------------------------------------------------------ unary

    /** −x; ∂x = −g. */
    public static Tensor neg(Tensor x) {
        Tensor out = negRaw(x);
        return Autograd.record(Primitive.NEG, out, g -> new Tensor[] {negRaw(g)}, x);
    }

    private static Tensor negRaw(Tensor x) {
        Tensor out = Tensor.alloc(x.dtype(), x.shape());
        x.dtype().kernels().neg(x.data(), out.data());
        return out;
    }

    /** x^p for a constant exponent p; ∂x = g·p·x^(p−1). */
    public static Tensor pow(Tensor x, double p) {
        Tensor out = map(x, v -> Math.pow(v, p));
        return Autograd.record(Primitive.POW, out, g -> new Tensor[] {
                zip(g, x, (gg, v) -> gg * p * Math.pow(v, p - 1))}, x);
    }

    /** e^x; ∂x = g·e^x. */
    public static Tensor exp(Tensor x) {
        Tensor out = map(x, Math::exp);
        return Autograd.record(Primitive.EXP, out, g -> new Tensor[] {zip(g, out, (gg, y) -> gg * y)}, x);
    }

    /** ln x; ∂x = g / x. */
    public static Tensor log(Tensor x) {
        Tensor out = map(x, Math::log);
        return Autograd.record(Primitive.LOG, out, g -> new Tensor[] {zip(g, x, (gg, v) -> gg / v)}, x);
    }

    /** √x; ∂x = g / (2√x). */
    public static Tensor sqrt(Tensor x) {
        Tensor out = map(x, Math::sqrt);
        return Autograd.record(Primitive.SQRT, out, g -> new Tensor[] {zip(g, out, (gg, y) -> gg * 0.5 / y)}, x);
    }

    /** |x|; ∂x = g·sign(x) (0 at 0, as PyTorch). */
    public static Tensor abs(Tensor x) {
        Tensor out = map(x, Math::abs);
        return Autograd.record(Primitive.ABS, out, g -> new Tensor[] {zip(g, x, (gg, v) -> gg * Math.signum(v))}, x);
    }

    /** min(max(x, lo), hi); ∂x = g where lo ≤ x ≤ hi, else 0 (as PyTorch). */
    public static Tensor clamp(Tensor x, double lo, double hi) {
        if (lo > hi) throw new IllegalArgumentException("clamp: lo = " + lo + " is greater than hi = " + hi);
        Tensor out = map(x, v -> Math.min(Math.max(v, lo), hi));
        return Autograd.record(Primitive.CLAMP, out, g -> new Tensor[] {
                zip(g, x, (gg, v) -> v >= lo && v <= hi ? gg : 0)}, x);
    }

    /**
     * max(x, 0), NaN propagating as in {@code torch.relu}; ∂x = g where x &gt; 0, else +0 (also where x or g is NaN),
     * both loops branch-free ({@link org.segrad.kernels.ReluKernels}).
     */
    public static Tensor relu(Tensor x) {
        Tensor out = Tensor.alloc(x.device(), x.dtype(), x.shape());
        if (x.backend() != null) x.backend().relu(x.deviceArray(), out.deviceArray());
        else x.dtype().kernels().relu(x.data(), out.data());
        return Autograd.record(Primitive.RELU, out, g -> new Tensor[] {maskedByPositive(g, x)}, x);
    }

    /**
     * g where v &gt; 0, else +0, in a fresh tensor of v's dtype: ReLU's backward, given its input (or its output,
     * which is positive exactly where the input is).
     */
    static Tensor maskedByPositive(Tensor g, Tensor v) {
        if (v.backend() != null) {
            Device dev = Device.common("relu backward", g, v);
            Tensor out = Tensor.alloc(dev, v.dtype(), v.shape());
            dev.backend().reluBackward(v.deviceArray(), g.deviceArray(), out.deviceArray());
            return out;
        }
        if (g.dtype() != v.dtype()) return zip(g, v, (gg, vv) -> vv > 0 ? gg : 0);
        Tensor out = Tensor.allocOverwritten(v.dtype(), v.shape());
        v.dtype().kernels().reluBackward(v.data(), g.data(), out.data());
        return out;
    }

    /** σ(x) = 1 / (1 + e^−x), computed stably; ∂x = g·σ(1 − σ). */
    public static Tensor sigmoid(Tensor x) {
        Tensor out = map(x, v -> v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
        return Autograd.record(Primitive.SIGMOID, out, g -> new Tensor[] {zip(g, out, (gg, s) -> gg * s * (1 - s))}, x);
    }

    /** tanh x; ∂x = g·(1 − tanh²x). */
    public static Tensor tanh(Tensor x) {
        Tensor out = map(x, Math::tanh);
        return Autograd.record(Primitive.TANH, out, g -> new Tensor[] {zip(g, out, (gg, t) -> gg * (1 - t * t))}, x);
    }

    /** Conversion to another dtype; the gradient is converted back. Same dtype: returns x itself. */
    public static Tensor cast(Tensor x, DType target) {
        if (x.dtype() == target) return x;
        Tensor out = castRaw(x, target);
        return Autograd.record(Primitive.CAST, out, g -> new Tensor[] {cast(g, x.dtype())}, x);
    }

    // ------------------------------------------------------------ raw loops (no recording)

    /** x converted to {@code target} in a fresh tensor. Not recorded. */
    static Tensor castRaw(Tensor x, DType target) {
        Tensor out = Tensor.alloc(target, x.shape());
        StridedKernels.cast(x.data(), out.data());
        return out;
    }

    /**
     * a op b (op one of {@link ArrayKernels}' codes, {@code fn} the same operation on doubles): direct array loops
     * when both have one dtype, one operand is full-size and the other a {@link Block} of it (same shape, scalar,
     * per-channel, leading or trailing broadcast); otherwise {@link #zip}. Not recorded.
     */
    static Tensor binary(int op, Tensor a, Tensor b, DoubleBinaryOperator fn) {
        if (a.backend() != null || b.backend() != null) return binaryOnDevice(op, a, b);
        int[] as = a.shape(), bs = b.shape();
        int[] shape = Shape.broadcast(as, bs);
        int n = Shape.numel(shape);
        boolean aFull = a.numel() == n, bFull = b.numel() == n;
        Block blk = aFull ? Block.of(bs, shape) : bFull ? Block.of(as, shape) : null;
        if (a.dtype() != b.dtype() || blk == null) return zip(a, b, fn);
        Tensor out = Tensor.allocOverwritten(a.dtype(), shape);
        if (aFull && bFull) a.dtype().kernels().binary(op, a.data(), b.data(), out.data(), 1, n, 1, true, true);
        else a.dtype().kernels().binary(op, a.data(), b.data(), out.data(), blk.outer, blk.mid, blk.inner, aFull, bFull);
        return out;
    }

    /** a + b or a · b of one shape on a device (no broadcasting there yet). Not recorded. */
    private static Tensor binaryOnDevice(int op, Tensor a, Tensor b) {
        String name = op == ArrayKernels.ADD ? "add" : op == ArrayKernels.MUL ? "mul" : "elementwise op " + op;
        Device dev = Device.common(name, a, b);
        if ((op != ArrayKernels.ADD && op != ArrayKernels.MUL) || !java.util.Arrays.equals(a.shape(), b.shape())) {
            throw Device.unsupported(name + " of shapes " + Shape.str(a.shape()) + " and " + Shape.str(b.shape()), dev);
        }
        Tensor out = Tensor.alloc(dev, a.dtype(), a.shape());
        if (op == ArrayKernels.ADD) dev.backend().add(a.deviceArray(), b.deviceArray(), out.deviceArray());
        else dev.backend().mul(a.deviceArray(), b.deviceArray(), out.deviceArray());
        return out;
    }

    /** fn applied to every element, same shape and dtype. Not recorded. */
    public static Tensor map(Tensor x, DoubleUnaryOperator fn) {
        Tensor out = Tensor.alloc(x.dtype(), x.shape());
        x.dtype().kernels().map(x.data(), out.data(), fn);
        return out;
    }

    /** fn over broadcast pairs; the result has the broadcast shape and the promoted dtype. Not recorded. */
    public static Tensor zip(Tensor a, Tensor b, DoubleBinaryOperator fn) {
        int[] shape = Shape.broadcast(a.shape(), b.shape());
        Tensor out = Tensor.alloc(DType.promote(a.dtype(), b.dtype()), shape);
        int n = out.numel();
        if (a.numel() == n && b.numel() == n && a.dtype() == b.dtype()) {
            a.dtype().kernels().zip(a.data(), b.data(), out.data(), fn);
            return out;
        }
        StridedKernels.zip(a.data(), Shape.broadcastStrides(a.shape(), shape), b.data(), Shape.broadcastStrides(b.shape(), shape),
                out.data(), shape, fn);
        return out;
    }

    /** A function of three doubles. */
    @FunctionalInterface
    public interface DoubleTernaryOperator {
        double apply(double a, double b, double c);
    }

    /** fn over broadcast triples. Not recorded. */
    public static Tensor zip3(Tensor a, Tensor b, Tensor c, DoubleTernaryOperator fn) {
        int[] shape = Shape.broadcast(Shape.broadcast(a.shape(), b.shape()), c.shape());
        Tensor out = Tensor.alloc(DType.promote(DType.promote(a.dtype(), b.dtype()), c.dtype()), shape);
        StridedKernels.zip3(a.data(), Shape.broadcastStrides(a.shape(), shape), b.data(), Shape.broadcastStrides(b.shape(), shape),
                c.data(), Shape.broadcastStrides(c.shape(), shape), out.data(), shape, fn::apply);
        return out;
    }
}
