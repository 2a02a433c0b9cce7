package org.segrad.kernels;

import java.util.function.DoubleBinaryOperator; // keep
import java.util.function.DoubleUnaryOperator; // keep

/**
 * The array loops of one element type ({@link ArrayKernels}). The float32 class is generated from the float64 one by
 * {@code TwinGenerator} (this module's tests; its Javadoc lists the markers): edit the float64 source only. Every loop
 * indexes its arrays by one expression where it can (the form C2 vectorises on JDK 17) and chooses the operation
 * once per run, never per element.
 */
final class Float64ArrayKernels implements ArrayKernels {
    @Override
    public Object alloc(int n) {
        return new double[n];
    }

    @Override
    public void binary(int op, Object a, Object b, Object z, int outer, int mid, int inner, boolean aFull, boolean bFull) {
        double[] x = (double[]) a, y = (double[]) b, out = (double[]) z;
        if (aFull && bFull) vv(op, x, 0, y, 0, out, 0, outer * mid * inner);
        else if (inner == 1) {
            for (int o = 0; o < outer; o++) {
                if (aFull) vv(op, x, o * mid, y, 0, out, o * mid, mid);
                else vv(op, x, 0, y, o * mid, out, o * mid, mid);
            }
        } else {
            for (int o = 0, k = 0; o < outer; o++)
                for (int m = 0; m < mid; m++, k += inner) {
                    if (aFull) vs(op, x, k, y[m], out, k, inner);
                    else sv(op, x[m], y, k, out, k, inner);
                }
        }
    }

    /** z[zo+i] = a[ao+i] op b[bo+i]; one index expression when the offsets are equal. */
    private static void vv(int op, double[] a, int ao, double[] b, int bo, double[] z, int zo, int len) {
        if (ao == bo && bo == zo) {
            int end = ao + len;
            switch (op) {
                case ADD -> { for (int i = ao; i < end; i++) z[i] = a[i] + b[i]; }
                case SUB -> { for (int i = ao; i < end; i++) z[i] = a[i] - b[i]; }
                case MUL -> { for (int i = ao; i < end; i++) z[i] = a[i] * b[i]; }
                default -> { for (int i = ao; i < end; i++) z[i] = a[i] / b[i]; }
            }
            return;
        }
        switch (op) {
            case ADD -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] + b[bo + i]; }
            case SUB -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] - b[bo + i]; }
            case MUL -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] * b[bo + i]; }
            default -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] / b[bo + i]; }
        }
    }

    /** z[zo+i] = a[ao+i] op s. */
    private static void vs(int op, double[] a, int ao, double s, double[] z, int zo, int len) {
        if (ao == zo) {
            int end = ao + len;
            switch (op) {
                case ADD -> { for (int i = ao; i < end; i++) z[i] = a[i] + s; }
                case SUB -> { for (int i = ao; i < end; i++) z[i] = a[i] - s; }
                case MUL -> { for (int i = ao; i < end; i++) z[i] = a[i] * s; }
                default -> { for (int i = ao; i < end; i++) z[i] = a[i] / s; }
            }
            return;
        }
        switch (op) {
            case ADD -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] + s; }
            case SUB -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] - s; }
            case MUL -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] * s; }
            default -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] / s; }
        }
    }

    /** z[zo+i] = s op b[bo+i]. */
    private static void sv(int op, double s, double[] b, int bo, double[] z, int zo, int len) {
        if (bo == zo) {
            int end = bo + len;
            switch (op) {
                case ADD -> { for (int i = bo; i < end; i++) z[i] = s + b[i]; }
                case SUB -> { for (int i = bo; i < end; i++) z[i] = s - b[i]; }
                case MUL -> { for (int i = bo; i < end; i++) z[i] = s * b[i]; }
                default -> { for (int i = bo; i < end; i++) z[i] = s / b[i]; }
            }
            return;
        }
        switch (op) {
            case ADD -> { for (int i = 0; i < len; i++) z[zo + i] = s + b[bo + i]; }
            case SUB -> { for (int i = 0; i < len; i++) z[zo + i] = s - b[bo + i]; }
            case MUL -> { for (int i = 0; i < len; i++) z[zo + i] = s * b[bo + i]; }
            default -> { for (int i = 0; i < len; i++) z[zo + i] = s / b[bo + i]; }
        }
    }

    @Override
    public void neg(Object src, Object dst) {
        double[] s = (double[]) src, d = (double[]) dst;
        for (int i = 0; i < s.length; i++) d[i] = -s[i];
    }

    @Override
    public void relu(Object src, Object dst) {
        double[] s = (double[]) src;
        ReluKernels.forward(s, (double[]) dst, 0, s.length);
    }

    @Override
    public void reluBackward(Object x, Object g, Object out) {
        double[] xs = (double[]) x, gs = (double[]) g, d = (double[]) out;
        int n = d.length;
        Parallel.forRange(n, (long) n * KernelThresholds.ELEMENT_PASS_MACS,
                (from, to, chunk) -> ReluKernels.backward(xs, gs, d, from, to - from));
    }

    @Override
    public void map(Object src, Object dst, DoubleUnaryOperator fn) {
        double[] s = (double[]) src, d = (double[]) dst;
        for (int i = 0; i < s.length; i++) d[i] = (double) fn.applyAsDouble(s[i]);
    }

    @Override
    public void zip(Object a, Object b, Object z, DoubleBinaryOperator fn) {
        double[] x = (double[]) a, y = (double[]) b, out = (double[]) z;
        for (int i = 0; i < out.length; i++) out[i] = (double) fn.applyAsDouble(x[i], y[i]);
    }

    @Override
    public double sum(Object a, int off, int len) { // keep
        // f32-begin: return FloatSums.sum((float[]) a, off, len);
        double[] x = (double[]) a;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            s0 += x[off + i];
            s1 += x[off + i + 1];
            s2 += x[off + i + 2];
            s3 += x[off + i + 3];
        }
        for (; i < len; i++) s0 += x[off + i];
        return (s0 + s1) + (s2 + s3);
        // f32-end
    }

    @Override
    public double dot(Object a, int ao, Object b, int bo, int len) { // keep
        // f32-begin: return FloatSums.dot((float[]) a, ao, (float[]) b, bo, len);
        double[] x = (double[]) a, y = (double[]) b;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            s0 += x[ao + i] * y[bo + i];
            s1 += x[ao + i + 1] * y[bo + i + 1];
            s2 += x[ao + i + 2] * y[bo + i + 2];
            s3 += x[ao + i + 3] * y[bo + i + 3];
        }
        for (; i < len; i++) s0 += x[ao + i] * y[bo + i];
        return (s0 + s1) + (s2 + s3);
        // f32-end
    }

    @Override
    public double squaredDeviation(Object a, int off, int len, double mu) { // keep
        // f32-begin: return FloatSums.squaredDeviation((float[]) a, off, len, (float) mu);
        double[] x = (double[]) a;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            double d0 = x[off + i] - mu, d1 = x[off + i + 1] - mu, d2 = x[off + i + 2] - mu, d3 = x[off + i + 3] - mu;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < len; i++) {
            double d = x[off + i] - mu;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
        // f32-end
    }

    @Override
    public void sumAndCenteredDot(Object g, Object x, int off, int len, double mu, double[] out) { // keep
        // f32-begin: FloatSums.sumAndCenteredDot((float[]) g, (float[]) x, off, len, (float) mu, out);
        out[0] += sum(g, off, len);
        double[] a = (double[]) x, b = (double[]) g;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            s0 += b[off + i] * (a[off + i] - mu);
            s1 += b[off + i + 1] * (a[off + i + 1] - mu);
            s2 += b[off + i + 2] * (a[off + i + 2] - mu);
            s3 += b[off + i + 3] * (a[off + i + 3] - mu);
        }
        for (; i < len; i++) s0 += b[off + i] * (a[off + i] - mu);
        out[1] += (s0 + s1) + (s2 + s3);
        // f32-end
    }

    @Override
    public void affine(Object x, Object y, int off, int len, double mu, double a, double b, boolean relu) { // keep
        double[] src = (double[]) x, dst = (double[]) y;
        double m = (double) mu, af = (double) a, bf = (double) b;
        if (relu) for (int i = off; i < off + len; i++) dst[i] = Math.max((src[i] - m) * af + bf, 0.0);
        else for (int i = off; i < off + len; i++) dst[i] = (src[i] - m) * af + bf;
    }

    @Override
    public void affineBackward(Object g, Object x, Object gx, int off, int len, double mu, double a, double b, double c) { // keep
        double[] gs = (double[]) g, xs = (double[]) x, dst = (double[]) gx;
        double m = (double) mu, af = (double) a, bf = (double) b, cf = (double) c;
        for (int i = off; i < off + len; i++) dst[i] = gs[i] * af + ((xs[i] - m) * bf + cf);
    }

    @Override
    public void addInto(Object a, Object b) {
        double[] x = (double[]) a, y = (double[]) b;
        for (int i = 0; i < x.length; i++) x[i] += y[i];
    }

    @Override
    public void sumBlocks(Object x, int outer, int mid, int inner, double[] acc) { // keep
        double[] xs = (double[]) x;
        for (int o = 0, k = 0; o < outer; o++) {
            if (inner == 1) {
                for (int m = 0; m < mid; m++) acc[m] += xs[k + m];
                k += mid;
                continue;
            }
            for (int m = 0; m < mid; m++, k += inner) acc[m] += sum(x, k, inner);
        }
    }

    @Override
    public void sumAcross(Object x, int outer, int mid, int inner, double[] acc) { // keep
        double[] xs = (double[]) x;
        for (int o = 0, k = 0; o < outer; o++)
            for (int m = 0; m < mid; m++, k += inner) {
                int a = o * inner;
                for (int j = 0; j < inner; j++) acc[a + j] += xs[k + j];
            }
    }

    @Override
    public void dotBlocks(Object g, Object a, int outer, int mid, int inner, double[] acc) { // keep
        for (int o = 0, k = 0; o < outer; o++)
            for (int m = 0; m < mid; m++, k += inner) acc[m] += dot(g, k, a, k, inner);
    }

    @Override
    public void fromDoubles(double[] acc, Object dst) { // keep
        double[] d = (double[]) dst;
        for (int i = 0; i < acc.length; i++) d[i] = (double) acc[i];
    }

    @Override
    public void divide(Object t, int count) {
        double[] d = (double[]) t;
        for (int i = 0; i < d.length; i++) d[i] = d[i] / count; // f32: for (int i = 0; i < d.length; i++) d[i] = (float) (d[i] / (double) count);
    }

    @Override
    public void broadcastBlock(Object src, Object dst, int outer, int mid, int inner) {
        double[] s = (double[]) src, d = (double[]) dst;
        for (int o = 0, k = 0; o < outer; o++) {
            if (inner == 1) {
                System.arraycopy(s, 0, d, k, mid);
                k += mid;
                continue;
            }
            for (int m = 0; m < mid; m++, k += inner) java.util.Arrays.fill(d, k, k + inner, s[m]);
        }
    }

    @Override
    public void broadcastAcross(Object src, Object dst, int outer, int mid, int inner) {
        for (int o = 0, k = 0; o < outer; o++)
            for (int m = 0; m < mid; m++, k += inner) System.arraycopy(src, o * inner, dst, k, inner);
    }

    @Override
    public void convForward(ConvGeometry g, Object x, Object w, Object y) {
        Conv2dKernels.forward(g, (double[]) x, (double[]) w, (double[]) y);
    }

    @Override
    public void convBackwardData(ConvGeometry g, Object dy, Object w, Object dx) {
        Conv2dKernels.backwardData(g, (double[]) dy, (double[]) w, (double[]) dx);
    }

    @Override
    public void convBackwardWeight(ConvGeometry g, Object x, Object dy, Object dw) {
        Conv2dKernels.backwardWeight(g, (double[]) x, (double[]) dy, (double[]) dw);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, Object a, int ao, Object b, int bo, Object c, int co,
                     boolean acc) {
        GemmKernels.gemm(transA, transB, m, n, k, (double[]) a, ao, (double[]) b, bo, (double[]) c, co, acc);
    }

    @Override
    public void addChannelBias(Object y, Object bias, int n, int c, int hw) {
        double[] ys = (double[]) y, bs = (double[]) bias;
        for (int b = 0; b < n; b++)
            for (int o = 0; o < c; o++) {
                int base = (b * c + o) * hw;
                double v = bs[o];
                for (int i = base; i < base + hw; i++) ys[i] += v;
            }
    }

    @Override
    public void maxPool2x2(Object src, Object dst, byte[] arg, int p0, int p1, int h, int w, int oh, int ow) {
        double[] s = (double[]) src, d = (double[]) dst;
        for (int p = p0, o = p0 * oh * ow; p < p1; p++)
            for (int i = 0; i < oh; i++) {
                int r0 = (p * h + 2 * i) * w, r1 = r0 + w;
                for (int j = 0; j < ow; j++, o++) {
                    double v0 = s[r0 + 2 * j], v1 = s[r0 + 2 * j + 1], v2 = s[r1 + 2 * j], v3 = s[r1 + 2 * j + 1];
                    double m = Math.max(Math.max(v0, v1), Math.max(v2, v3));
                    int at;
                    if (m != m) {
                        at = v3 != v3 ? 3 : v2 != v2 ? 2 : v1 != v1 ? 1 : 0;
                    } else {
                        // The first element equal to the maximum (== also matches −0 with +0, like the > scan).
                        at = Integer.numberOfTrailingZeros((v0 == m ? 1 : 0) | (v1 == m ? 2 : 0) | (v2 == m ? 4 : 0) | 8);
                    }
                    d[o] = s[r0 + 2 * j + (at >> 1) * w + (at & 1)];
                    arg[o] = (byte) at;
                }
            }
    }

    @Override
    public void maxPool2x2Backward(Object g, byte[] arg, Object dst, int p0, int p1, int h, int w, int oh, int ow) {
        double[] gs = (double[]) g, d = (double[]) dst;
        java.util.Arrays.fill(d, p0 * h * w, p1 * h * w, 0);
        for (int p = p0, o = p0 * oh * ow; p < p1; p++)
            for (int i = 0; i < oh; i++) {
                int row = (p * h + 2 * i) * w;
                for (int j = 0; j < ow; j++, o++) d[row + 2 * j + (arg[o] >> 1) * w + (arg[o] & 1)] = gs[o];
            }
    }
}
