package org.segrad.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.segrad.kernels.StridedKernels;

/**
 * The one place where every {@link Primitive} gets a gradient-check case. {@link #cases()} fails if a primitive has
 * none, so tests and {@code segrad gradcheck} can enumerate every op.
 */
public final class OpRegistry {
    private static final Map<Primitive, OpCase> CASES = new EnumMap<>(Primitive.class);

    static {
        binary(Primitive.ADD, Elementwise::add, false);
        binary(Primitive.SUB, Elementwise::sub, false);
        binary(Primitive.MUL, Elementwise::mul, false);
        binary(Primitive.DIV, Elementwise::div, true);
        unary(Primitive.NEG, -2, 2, Elementwise::neg);
        unary(Primitive.EXP, -2, 2, Elementwise::exp);
        unary(Primitive.LOG, 0.3, 3, Elementwise::log);
        unary(Primitive.SQRT, 0.3, 3, Elementwise::sqrt);
        unary(Primitive.ABS, -2, 2, Elementwise::abs, 0);
        unary(Primitive.RELU, -2, 2, Elementwise::relu, 0);
        unary(Primitive.SIGMOID, -4, 4, Elementwise::sigmoid);
        unary(Primitive.TANH, -2, 2, Elementwise::tanh);
        unary(Primitive.CLAMP, -2, 2, x -> Elementwise.clamp(x, -0.7, 0.9), -0.7, 0.9);
        add(new OpCase(Primitive.POW, r -> {
            double p = new double[] {-1.5, 0.5, 2, 3}[r.nextInt(4)];
            Tensor x = rand(r, 0.3, 2.5, shape(r, 1 + r.nextInt(4)));
            return new OpCase.Sample(new Tensor[] {x}, in -> Elementwise.pow(in[0], p), Shape.str(x.shape()) + " ^ " + p);
        }));
        // A cast to float32 rounds to ~1e-7 relative: a larger step keeps the finite difference meaningful.
        add(new OpCase(Primitive.CAST, r -> {
            Tensor x = rand(r, -2, 2, shape(r, 1 + r.nextInt(4)));
            return new OpCase.Sample(new Tensor[] {x}, in -> Elementwise.cast(in[0], DType.FLOAT32).mul(3.0),
                    Shape.str(x.shape()) + " -> float32");
        }).withOptions(new GradCheck.Options(1e-2, 1e-4, 1e-3)));
        add(new OpCase(Primitive.SOFTMAX, r -> axisCase(r, -5, 5, (x, a) -> Softmax.softmax(x, a))));
        add(new OpCase(Primitive.LOG_SOFTMAX, r -> axisCase(r, -5, 5, (x, a) -> Softmax.logSoftmax(x, a))));
        reduction(Primitive.SUM, Reductions::sum);
        reduction(Primitive.MEAN, Reductions::mean);
        reduction(Primitive.MAX, Reductions::max);
        add(new OpCase(Primitive.RESHAPE, r -> {
            Tensor x = rand(r, -1, 1, shape(r, 1 + r.nextInt(4)));
            int[] s = x.shape();
            int[] target = r.nextBoolean() ? new int[] {-1} : reversed(s);
            return new OpCase.Sample(new Tensor[] {x}, in -> ShapeOps.reshape(in[0], target),
                    Shape.str(s) + " -> " + Arrays.toString(target));
        }));
        add(new OpCase(Primitive.PERMUTE, r -> {
            int rank = 1 + r.nextInt(4);
            Tensor x = rand(r, -1, 1, shape(r, rank));
            int[] p = permutation(r, rank);
            return new OpCase.Sample(new Tensor[] {x}, in -> ShapeOps.permute(in[0], p), Shape.str(x.shape()) + " " + Arrays.toString(p));
        }));
        add(new OpCase(Primitive.CONCAT, r -> {
            int rank = 1 + r.nextInt(4);
            int[] s = shape(r, rank);
            int axis = r.nextInt(rank);
            int k = 2 + r.nextInt(2);
            Tensor[] xs = new Tensor[k];
            for (int i = 0; i < k; i++) {
                int[] si = s.clone();
                si[axis] = 1 + r.nextInt(3);
                xs[i] = rand(r, -1, 1, si);
            }
            return new OpCase.Sample(xs, in -> ShapeOps.concat(axis, in), k + " tensors along axis " + axis);
        }));
        add(new OpCase(Primitive.SLICE, r -> {
            int rank = 1 + r.nextInt(4);
            int[] s = shape(r, rank);
            int axis = r.nextInt(rank);
            int start = r.nextInt(s[axis]), end = start + 1 + r.nextInt(s[axis] - start);
            Tensor x = rand(r, -1, 1, s);
            return new OpCase.Sample(new Tensor[] {x}, in -> ShapeOps.slice(in[0], axis, start, end),
                    Shape.str(s) + " axis " + axis + " [" + start + ":" + end + "]");
        }));
        add(new OpCase(Primitive.PAD, r -> {
            int rank = 1 + r.nextInt(4);
            Tensor x = rand(r, -1, 1, shape(r, rank));
            int[] pads = new int[2 * rank];
            for (int i = 0; i < pads.length; i++) pads[i] = r.nextInt(3);
            double v = r.nextDouble();
            return new OpCase.Sample(new Tensor[] {x}, in -> ShapeOps.pad(in[0], pads, v), Shape.str(x.shape()) + " " + Arrays.toString(pads));
        }));
        add(new OpCase(Primitive.MATMUL, r -> {
            int m = 1 + r.nextInt(5), k = 1 + r.nextInt(5), n = 1 + r.nextInt(5), b = 1 + r.nextInt(3);
            int kind = r.nextInt(3);
            Tensor a = rand(r, -1, 1, kind == 0 ? new int[] {m, k} : new int[] {b, m, k});
            Tensor c = rand(r, -1, 1, kind == 2 ? new int[] {b, k, n} : new int[] {k, n});
            return new OpCase.Sample(new Tensor[] {a, c}, in -> MatMul.matmul(in[0], in[1]),
                    Shape.str(a.shape()) + " @ " + Shape.str(c.shape()));
        }));
        add(new OpCase(Primitive.WHERE, r -> {
            int[] s = shape(r, 1 + r.nextInt(4));
            Tensor mask = Tensor.zeros(DType.FLOAT64, broadcastPartner(r, s));
            StridedKernels.fill(mask.data(), () -> r.nextBoolean() ? 1 : 0);
            Tensor a = rand(r, -1, 1, s), b = rand(r, -1, 1, broadcastPartner(r, s));
            return new OpCase.Sample(new Tensor[] {mask, a, b}, in -> Elementwise.where(in[0], in[1], in[2]),
                    Shape.str(mask.shape()) + " ? " + Shape.str(a.shape()) + " : " + Shape.str(b.shape()));
        }));
        // one_hot has no gradient: it is checked through a product with a differentiable tensor.
        add(new OpCase(Primitive.ONE_HOT, r -> {
            int n = 1 + r.nextInt(2), c = 1 + r.nextInt(4), h = 1 + r.nextInt(4), w = 1 + r.nextInt(4);
            Tensor labels = Tensor.zeros(DType.FLOAT64, n, h, w);
            StridedKernels.fill(labels.data(), () -> r.nextInt(c));
            Tensor x = rand(r, -1, 1, n, c, h, w);
            labels.requiresGrad(false);
            return new OpCase.Sample(new Tensor[] {labels, x},
                    in -> Elementwise.mul(ShapeOps.oneHot(in[0], c, DType.FLOAT64), in[1]), c + " classes, labels " + Shape.str(labels.shape()));
        }));
        add(new OpCase(Primitive.CONV2D, ConvCases::conv2d));
        add(new OpCase(Primitive.CONV_TRANSPOSE2D, ConvCases::convTranspose2d));
        add(new OpCase(Primitive.MAX_POOL2D, r -> ConvCases.pool(r, true)));
        add(new OpCase(Primitive.AVG_POOL2D, r -> ConvCases.pool(r, false)));
        add(new OpCase(Primitive.BATCH_NORM2D, r -> ConvCases.batchNorm(r, false)));
        add(new OpCase(Primitive.BATCH_NORM2D_RELU, r -> ConvCases.batchNorm(r, true)));
        add(new OpCase(Primitive.DROPOUT, r -> {
            Tensor x = rand(r, -1, 1, shape(r, 1 + r.nextInt(4)));
            double p = 0.1 + 0.8 * r.nextDouble();
            long seed = r.nextLong();
            return new OpCase.Sample(new Tensor[] {x}, in -> Dropout.dropout(in[0], p, true, seed),
                    Shape.str(x.shape()) + " p=" + String.format(java.util.Locale.ROOT, "%.2f", p));
        }));
    }

    private OpRegistry() {}

    /** Every case, in {@link Primitive} order; fails if a primitive has no case. */
    public static List<OpCase> cases() {
        List<Primitive> missing = new ArrayList<>();
        for (Primitive p : Primitive.values()) if (!CASES.containsKey(p)) missing.add(p);
        if (!missing.isEmpty()) throw new IllegalStateException("primitives without a registry case: " + missing);
        return Collections.unmodifiableList(new ArrayList<>(CASES.values()));
    }

    public static OpCase get(Primitive p) {
        return CASES.get(p);
    }

    // ------------------------------------------------------------ helpers

    private static void add(OpCase c) {
        if (CASES.put(c.op(), c) != null) throw new IllegalStateException("two registry cases for " + c.op());
    }

    /**
     * An elementwise op on inputs uniform in [lo, hi), none within {@link #KINK_MARGIN} of a {@code kink} (a point where
     * the op has no derivative: a finite difference across it measures neither side's slope).
     */
    private static void unary(Primitive op, double lo, double hi, java.util.function.UnaryOperator<Tensor> f, double... kinks) {
        add(new OpCase(op, r -> {
            Tensor x = rand(r, lo, hi, shape(r, 1 + r.nextInt(4)));
            x.dtype().kernels().map(x.data(), x.data(), v -> {
                while (nearKink(v, kinks)) v = lo + (hi - lo) * r.nextDouble();
                return v;
            });
            return new OpCase.Sample(new Tensor[] {x}, in -> f.apply(in[0]), Shape.str(x.shape()));
        }));
    }

    /** How far the gradcheck samples stay from an op's kinks: far above GradCheck's default step of 1e-6. */
    static final double KINK_MARGIN = 1e-3;

    private static boolean nearKink(double v, double[] kinks) {
        for (double k : kinks) if (Math.abs(v - k) < KINK_MARGIN) return true;
        return false;
    }

    private static void binary(Primitive op, java.util.function.BinaryOperator<Tensor> f, boolean positiveRight) {
        add(new OpCase(op, r -> {
            int[] s = shape(r, 1 + r.nextInt(4));
            int[] t = broadcastPartner(r, s);
            Tensor a = rand(r, -2, 2, s);
            Tensor b = positiveRight ? signed(r, 0.5, 2, t) : rand(r, -2, 2, t);
            Tensor[] in = r.nextBoolean() || positiveRight ? new Tensor[] {a, b} : new Tensor[] {b, a};
            return new OpCase.Sample(in, x -> f.apply(x[0], x[1]), Shape.str(in[0].shape()) + " , " + Shape.str(in[1].shape()));
        }));
    }

    @FunctionalInterface
    private interface AxisOp {
        Tensor apply(Tensor x, int axis);
    }

    private static OpCase.Sample axisCase(SplittableRandom r, double lo, double hi, AxisOp op) {
        int rank = 1 + r.nextInt(4);
        Tensor x = rand(r, lo, hi, shape(r, rank));
        int axis = r.nextInt(rank) - (r.nextBoolean() ? rank : 0);
        return new OpCase.Sample(new Tensor[] {x}, in -> op.apply(in[0], axis), Shape.str(x.shape()) + " axis " + axis);
    }

    @FunctionalInterface
    private interface ReduceOp {
        Tensor apply(Tensor x, int[] axes, boolean keepdim);
    }

    private static void reduction(Primitive op, ReduceOp f) {
        add(new OpCase(op, r -> {
            int rank = 1 + r.nextInt(4);
            Tensor x = rand(r, -3, 3, shape(r, rank));
            List<Integer> ax = new ArrayList<>();
            for (int i = 0; i < rank; i++) if (r.nextBoolean()) ax.add(i);
            int[] axes = ax.stream().mapToInt(Integer::intValue).toArray();
            boolean keep = r.nextBoolean();
            return new OpCase.Sample(new Tensor[] {x}, in -> f.apply(in[0], axes, keep),
                    Shape.str(x.shape()) + " axes " + Arrays.toString(axes) + (keep ? " keepdim" : ""));
        }));
    }

    /** A random shape: sizes 1..5, with 1 (broadcast edge case) drawn more often. */
    static int[] shape(SplittableRandom r, int rank) {
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = r.nextInt(4) == 0 ? 1 : 1 + r.nextInt(5);
        return s;
    }

    /** A shape that broadcasts with s: trailing dims kept or set to 1, leading dims maybe dropped. */
    static int[] broadcastPartner(SplittableRandom r, int[] s) {
        int drop = r.nextInt(s.length + 1);
        int[] t = Arrays.copyOfRange(s, drop, s.length);
        for (int i = 0; i < t.length; i++) if (r.nextInt(3) == 0) t[i] = 1;
        return t;
    }

    static Tensor rand(SplittableRandom r, double lo, double hi, int... shape) {
        Tensor t = Tensor.zeros(DType.FLOAT64, shape);
        StridedKernels.fill(t.data(), () -> lo + (hi - lo) * r.nextDouble());
        return t.requiresGrad(true);
    }

    /** Values of random sign with magnitude in [lo, hi). */
    static Tensor signed(SplittableRandom r, double lo, double hi, int... shape) {
        Tensor t = rand(r, lo, hi, shape);
        t.dtype().kernels().map(t.data(), t.data(), v -> r.nextBoolean() ? -v : v);
        return t;
    }

    private static int[] reversed(int[] s) {
        int[] t = new int[s.length];
        for (int i = 0; i < s.length; i++) t[i] = s[s.length - 1 - i];
        return t;
    }

    private static int[] permutation(SplittableRandom r, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }
}
