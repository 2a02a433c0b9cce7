package org.segrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The float32/float64 fast paths against the general multi-index paths they replace, on random shapes larger than
 * the registry draws (sizes up to 9, size-1 dims, leading-axis broadcasts, per-channel and non-contiguous layouts),
 * in both dtypes. Element-for-element equality where the arithmetic is the same; a tolerance scaled by Σ|x| where
 * only the summation order differs.
 */
class FastPathProperties {
    private static final DType[] DTYPES = {DType.FLOAT32, DType.FLOAT64};

    @Property(tries = 400)
    void binaryOpsMatchTheGeneralZip(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] s = shape(r, 1 + r.nextInt(4));
        int[] t = r.nextBoolean() ? blockPartner(r, s) : randomPartner(r, s);
        DType dt = DTYPES[r.nextInt(2)];
        Tensor a = values(r, dt, -2, 2, s), b = signedAwayFromZero(r, dt, t);
        if (r.nextBoolean()) {
            Tensor tmp = a;
            a = b;
            b = tmp;
        }
        int op = r.nextInt(4);
        java.util.function.DoubleBinaryOperator fn = switch (op) {
            case org.segrad.kernels.ArrayKernels.ADD -> Double::sum;
            case org.segrad.kernels.ArrayKernels.SUB -> (x, y) -> x - y;
            case org.segrad.kernels.ArrayKernels.MUL -> (x, y) -> x * y;
            default -> (x, y) -> x / y;
        };
        Tensor fast = Elementwise.binary(op, a, b, fn), ref = Elementwise.zip(a, b, fn);
        String what = "op " + op + " " + dt + " " + Shape.str(a.shape()) + " , " + Shape.str(b.shape());
        assertEquals(Shape.str(ref.shape()), Shape.str(fast.shape()), what);
        assertEquals(ref.dtype(), fast.dtype(), what);
        for (int i = 0; i < ref.numel(); i++) assertEquals(ref.get(i), fast.get(i), 0, what + " at " + i);
    }

    @Property(tries = 400)
    void sumsMatchTheGeneralWalk(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] s = r.nextInt(4) == 0 ? bigShape(r) : shape(r, 1 + r.nextInt(4));
        int[] kept = r.nextBoolean() ? blockPartner(r, s) : randomPartner(r, s);
        kept = padLeft(kept, s.length);
        DType dt = DTYPES[r.nextInt(2)];
        Tensor x = values(r, dt, -3, 3, s);
        Tensor fast = Reductions.reduceSum(x, kept), ref = Reductions.reduceSumGeneral(x, kept);
        assertClose(ref, fast, absSum(x) * (dt == DType.FLOAT32 ? 1e-6 : 1e-13), dt + " " + Shape.str(s) + " -> " + Shape.str(kept));
    }

    @Property(tries = 300)
    void broadcastToMatchesTheGeneralWalk(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] s = shape(r, 1 + r.nextInt(4));
        int[] t = r.nextBoolean() ? blockPartner(r, s) : randomPartner(r, s);
        DType dt = DTYPES[r.nextInt(2)];
        Tensor x = values(r, dt, -1, 1, t);
        Tensor fast = Reductions.broadcastTo(x, s), ref = Reductions.broadcastToGeneral(x, s);
        assertClose(ref, fast, 0, dt + " " + Shape.str(t) + " -> " + Shape.str(s));
    }

    @Property(tries = 300)
    void fusedProductSumMatchesMultiplyThenSum(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] s = r.nextInt(4) == 0 ? bigShape(r) : shape(r, 1 + r.nextInt(4));
        int[] t = r.nextBoolean() ? blockPartner(r, s) : randomPartner(r, s);
        DType dt = DTYPES[r.nextInt(2)];
        Tensor g = values(r, dt, -1, 1, s), a = values(r, dt, -1, 1, s);
        Tensor fast = Reductions.sumProductTo(g, a, t);
        Tensor ref = Reductions.reduceSumGeneral(Elementwise.zip(g, a, (x, y) -> x * y), padLeft(t, s.length)).reshapeRaw(t);
        assertClose(ref, fast, s.length * absSum(g) * (dt == DType.FLOAT32 ? 1e-6 : 1e-13), dt + " " + Shape.str(s) + " -> " + Shape.str(t));
    }

    @Property(tries = 300)
    void maxPool2x2MatchesTheGeneralLoopWithTiesZerosAndNaNs(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DType dt = DTYPES[r.nextInt(2)];
        int n = 1 + r.nextInt(2), c = 1 + r.nextInt(3), h = 2 + r.nextInt(8), w = 2 + r.nextInt(8);
        double[] pool = {-2, -1, -0.0, 0.0, 1, 2, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN};
        Tensor x = Tensor.zeros(dt, n, c, h, w);
        for (int i = 0; i < x.numel(); i++) {
            int k = r.nextInt(20);
            x.set(i, k < pool.length ? pool[k] : r.nextInt(5) - 2 + 0.5 * r.nextInt(2));
        }
        Tensor x1 = x.copy().requiresGrad(true), x2 = x.copy().requiresGrad(true);
        Tensor fast = Pooling.maxPool2d(x1, 2, 2, 0), ref = Pooling.maxPool2dGeneral(x2, 2, 2, 0);
        String what = dt + " " + Shape.str(x.shape());
        for (int i = 0; i < ref.numel(); i++) {
            assertEquals(Double.doubleToLongBits(ref.get(i)), Double.doubleToLongBits(fast.get(i)), what + " value at " + i);
        }
        Tensor seedGrad = values(r, dt, -1, 1, ref.shape());
        fast.backward(seedGrad);
        ref.backward(seedGrad);
        assertClose(x2.grad(), x1.grad(), 0, what + " gradient");
    }

    @Property(tries = 300)
    void reluGradientIsGWherePositiveElsePlusZeroBitForBit(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DType dt = DTYPES[r.nextInt(2)];
        double tiny = dt == DType.FLOAT32 ? Float.MIN_VALUE : Double.MIN_VALUE;
        double[] specials = {0.0, -0.0, tiny, -tiny, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 3e38, -3e38};
        int n = 1 + r.nextInt(2000);
        boolean withNaN = r.nextInt(3) == 0;
        Tensor x = Tensor.zeros(dt, n), g = Tensor.zeros(dt, n);
        for (Tensor t : new Tensor[] {x, g}) {
            for (int i = 0; i < n; i++) {
                double v = specials[r.nextInt(specials.length)];
                t.set(i, r.nextInt(4) == 0 && (withNaN || !Double.isNaN(v)) ? v : r.nextDouble() * 4 - 2);
            }
        }
        Tensor leaf = x.copy().requiresGrad(true);
        Tensor y = leaf.relu();
        y.backward(g);
        for (int i = 0; i < n; i++) {
            double want = x.get(i) > 0 ? g.get(i) : 0.0;
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(leaf.grad().get(i)),
                    dt + " x=" + x.get(i) + " g=" + g.get(i));
            double fwd = Double.isNaN(x.get(i)) ? Double.NaN : x.get(i) > 0 ? x.get(i) : 0.0;
            assertEquals(Double.doubleToLongBits(fwd), Double.doubleToLongBits(y.get(i)), dt + " relu(" + x.get(i) + ")");
        }
    }

    @Property(tries = 300)
    void concatSliceAndPadPutEveryValueWhereTheIndexSays(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        DType dt = DTYPES[r.nextInt(2)];
        int rank = 1 + r.nextInt(4);
        int[] s = shape(r, rank);
        int ax = r.nextInt(rank);
        Tensor x = values(r, dt, -1, 1, s);
        // slice
        int start = r.nextInt(s[ax]), end = start + r.nextInt(s[ax] - start + 1);
        Tensor sl = ShapeOps.slice(x, ax, start, end);
        forEachIndex(sl.shape(), idx -> {
            int[] j = idx.clone();
            j[ax] += start;
            assertEquals(x.at(j), sl.at(idx), 0, "slice " + Shape.str(s));
        });
        // concat of x with a second tensor of another extent along ax (and maybe the other dtype)
        int[] s2 = s.clone();
        s2[ax] = 1 + r.nextInt(4);
        Tensor y = values(r, r.nextInt(4) == 0 ? DTYPES[1 - dt.ordinal()] : dt, -1, 1, s2);
        Tensor cat = ShapeOps.concat(ax, x, y);
        forEachIndex(cat.shape(), idx -> {
            int[] j = idx.clone();
            double want = j[ax] < s[ax] ? x.at(j) : y.at(shift(j, ax, -s[ax]));
            assertEquals(want, cat.at(idx), 0, "concat " + Shape.str(s) + " + " + Shape.str(s2));
        });
        // pad
        int[] pads = new int[2 * rank];
        for (int i = 0; i < pads.length; i++) pads[i] = r.nextInt(3);
        Tensor p = ShapeOps.pad(x, pads, 0.25);
        forEachIndex(p.shape(), idx -> {
            int[] j = idx.clone();
            boolean inside = true;
            for (int a = 0; a < rank; a++) {
                j[a] -= pads[2 * a];
                inside &= j[a] >= 0 && j[a] < s[a];
            }
            assertEquals(inside ? x.at(j) : 0.25, p.at(idx), 0, "pad " + Shape.str(s) + " " + Arrays.toString(pads));
        });
    }

    @Property(tries = 60)
    void batchNormMatchesItsCompositeFormulaOnLargerPlanes(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1 + r.nextInt(3), c = 1 + r.nextInt(4), h = 1 + r.nextInt(40), w = 2 + r.nextInt(40);
        double shift = r.nextBoolean() ? 0 : 50 * r.nextDouble();
        Tensor x = values(r, DType.FLOAT64, shift - 2, shift + 2, n, c, h, w);
        Tensor gamma = values(r, DType.FLOAT64, 0.5, 1.5, c), beta = values(r, DType.FLOAT64, -1, 1, c);
        Tensor seedGrad = values(r, DType.FLOAT64, -1, 1, n, c, h, w);
        double eps = 1e-5;
        Tensor[] fast = batchNormGrads(x, gamma, beta, seedGrad, eps, false);
        Tensor[] ref = batchNormGrads(x, gamma, beta, seedGrad, eps, true);
        String what = Shape.str(x.shape()) + " shift " + shift;
        for (int k = 0; k < 4; k++) assertClose(ref[k], fast[k], 1e-9 * (1 + absSum(ref[k]) / ref[k].numel()), what + " output " + k);
        // float32 agrees with float64 (statistics in double accumulators).
        Tensor[] f32 = batchNormGrads(x.to(DType.FLOAT32).detach(), gamma.to(DType.FLOAT32).detach(),
                beta.to(DType.FLOAT32).detach(), seedGrad.to(DType.FLOAT32).detach(), eps, false);
        double scale = 1 + shift;
        assertClose(fast[0], f32[0], 2e-5 * scale, what + " float32 y");
        assertClose(fast[1], f32[1], 2e-4 * scale, what + " float32 dx");
        assertClose(fast[2], f32[2], 1e-5 * scale * x.numel(), what + " float32 dgamma");
        assertClose(fast[3], f32[3], 1e-5 * x.numel(), what + " float32 dbeta");
    }

    /** y and the gradients of Σ y·seed w.r.t. x, γ, β; by the primitive or by the composite of elementwise ops. */
    private static Tensor[] batchNormGrads(Tensor x0, Tensor g0, Tensor b0, Tensor seed, double eps, boolean composite) {
        Tensor x = x0.copy().requiresGrad(true), gamma = g0.copy().requiresGrad(true), beta = b0.copy().requiresGrad(true);
        Tensor y;
        int c = x.dim(1);
        if (composite) {
            int[] axes = {0, 2, 3};
            Tensor d = x.sub(x.mean(axes, true));
            Tensor var = d.mul(d).mean(axes, true);
            y = d.div(var.add(eps).sqrt()).mul(gamma.reshape(1, c, 1, 1)).add(beta.reshape(1, c, 1, 1));
        } else {
            y = BatchNorm.batchNorm2d(x, gamma, beta, null, null, true, 0.1, eps);
        }
        y.backward(seed);
        return new Tensor[] {y.detach(), x.grad(), gamma.grad(), beta.grad()};
    }

    // ------------------------------------------------------------ helpers

    static int[] shape(SplittableRandom r, int rank) {
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = r.nextInt(4) == 0 ? 1 : 1 + r.nextInt(9);
        return s;
    }

    /** An NCHW-like shape with a long contiguous plane, so that the long-run loops (and their tails) are reached. */
    static int[] bigShape(SplittableRandom r) {
        return new int[] {1 + r.nextInt(3), 1 + r.nextInt(5), 1 + r.nextInt(70), 1 + r.nextInt(90)};
    }

    /** A partner that varies on one contiguous run of s's axes (per-channel, trailing, leading, scalar). */
    static int[] blockPartner(SplittableRandom r, int[] s) {
        int lo = r.nextInt(s.length + 1), hi = lo + r.nextInt(s.length - lo + 1);
        int[] t = new int[s.length];
        for (int i = 0; i < s.length; i++) t[i] = i >= lo && i < hi ? s[i] : 1;
        int drop = r.nextInt(lo + 1);
        return Arrays.copyOfRange(t, drop, t.length);
    }

    /** A partner with each axis kept or set to 1 at random, leading axes maybe dropped. */
    static int[] randomPartner(SplittableRandom r, int[] s) {
        int drop = r.nextInt(s.length + 1);
        int[] t = Arrays.copyOfRange(s, drop, s.length);
        for (int i = 0; i < t.length; i++) if (r.nextBoolean()) t[i] = 1;
        return t;
    }

    static int[] padLeft(int[] t, int rank) {
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        System.arraycopy(t, 0, out, rank - t.length, t.length);
        return out;
    }

    static Tensor values(SplittableRandom r, DType dt, double lo, double hi, int... shape) {
        Tensor t = Tensor.zeros(dt, shape);
        for (int i = 0; i < t.numel(); i++) t.set(i, lo + (hi - lo) * r.nextDouble());
        return t;
    }

    static Tensor signedAwayFromZero(SplittableRandom r, DType dt, int... shape) {
        Tensor t = values(r, dt, 0.5, 2, shape);
        for (int i = 0; i < t.numel(); i++) if (r.nextBoolean()) t.set(i, -t.get(i));
        return t;
    }

    static double absSum(Tensor t) {
        double s = 0;
        for (int i = 0; i < t.numel(); i++) s += Math.abs(t.get(i));
        return s;
    }

    static void assertClose(Tensor want, Tensor got, double tol, String what) {
        assertEquals(Shape.str(want.shape()), Shape.str(got.shape()), what);
        for (int i = 0; i < want.numel(); i++) {
            double a = want.get(i), b = got.get(i);
            assertTrue(Math.abs(a - b) <= tol, what + " at " + i + ": " + a + " vs " + b + " (tol " + tol + ")");
        }
    }

    private static int[] shift(int[] idx, int ax, int by) {
        idx[ax] += by;
        return idx;
    }

    private static void forEachIndex(int[] shape, java.util.function.Consumer<int[]> f) {
        int n = Shape.numel(shape);
        for (int i = 0; i < n; i++) f.accept(ShapeOps.unravel(i, shape));
    }
}
