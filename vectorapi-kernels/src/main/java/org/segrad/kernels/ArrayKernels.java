package org.segrad.kernels;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The array loops of one element type, chosen once from a tensor's dtype ({@code t.dtype().kernels()}): every
 * {@code Object} array argument is a {@code float[]} in {@link #FLOAT32} and a {@code double[]} in {@link #FLOAT64}
 * (the table casts it once per call). Scalars cross as {@code double} and are rounded to the element type where the
 * loop computes in it. Accumulators are always double ({@code double[] acc}, returned sums).
 *
 * <p>{@link Float64ArrayKernels} is the hand-written reference; {@link Float32ArrayKernels} is generated from it
 * ({@code TwinGenerator} in this module's tests, checked by {@code GeneratedTwinsTest}), except the float32 sums,
 * which reduce in float lanes flushed into double ({@link FloatSums}). Contracts: each method reads only the arrays
 * it names as input and overwrites only its output range (or adds into {@code acc}); no method keeps a reference.
 */
public interface ArrayKernels {
    /** Operation codes of {@link #binary}. */
    int ADD = 0, SUB = 1, MUL = 2, DIV = 3;

    ArrayKernels FLOAT32 = new Float32ArrayKernels();
    ArrayKernels FLOAT64 = new Float64ArrayKernels();

    /** A fresh zeroed array of {@code n} elements of this type. */
    Object alloc(int n);

    /**
     * z = a op b where one operand is full-size ({@code outer·mid·inner} elements) and the other is the full size too,
     * or a block of it: {@code inner == 1} → a run of {@code mid} repeated {@code outer} times; else one value per
     * {@code mid} index repeated over {@code inner}. Reads a, b; overwrites z[0, outer·mid·inner).
     */
    void binary(int op, Object a, Object b, Object z, int outer, int mid, int inner, boolean aFull, boolean bFull);

    /** dst[i] = −src[i] for every i of src. Reads src; overwrites dst. */
    void neg(Object src, Object dst);

    /** dst[i] = max(src[i], 0), NaN propagating ({@link ReluKernels#forward}). Overwrites dst. */
    void relu(Object src, Object dst);

    /**
     * out[i] = x[i] &gt; 0 ? g[i] : +0 for every i of out ({@link ReluKernels#backward}), split across threads
     * (elementwise: any split gives the same bits). Overwrites out.
     */
    void reluBackward(Object x, Object g, Object out);

    /** dst[i] = fn(src[i]) rounded to the element type. Overwrites dst. */
    void map(Object src, Object dst, DoubleUnaryOperator fn);

    /** z[i] = fn(a[i], b[i]) rounded to the element type, all three full-size and of this type. Overwrites z. */
    void zip(Object a, Object b, Object z, DoubleBinaryOperator fn);

    /** Σ a[off+i], i &lt; len, accumulated in double. Reads a. */
    double sum(Object a, int off, int len);

    /** Σ a[ao+i]·b[bo+i], products in the element type, accumulated in double. */
    double dot(Object a, int ao, Object b, int bo, int len);

    /** Σ (a[off+i] − mu)², differences in the element type (mu rounded to it), accumulated in double. */
    double squaredDeviation(Object a, int off, int len, double mu);

    /** out[0] += Σ g[off+i]; out[1] += Σ g[off+i]·(x[off+i] − mu) (batch-norm's backward sums). */
    void sumAndCenteredDot(Object g, Object x, int off, int len, double mu, double[] out);

    /** y = (x − mu)·a + b on [off, off+len), then max(y, 0) if relu; constants rounded to the element type. */
    void affine(Object x, Object y, int off, int len, double mu, double a, double b, boolean relu);

    /** gx = g·a + ((x − mu)·b + c) on [off, off+len); constants rounded to the element type. Overwrites that range of gx. */
    void affineBackward(Object g, Object x, Object gx, int off, int len, double mu, double a, double b, double c);

    /** a[i] += b[i] for every i of a (in place). */
    void addInto(Object a, Object b);

    /**
     * acc[m] += Σ x over block m of x = [outer, mid, inner] (the reduction kept per mid index). Reads x; adds into acc.
     */
    void sumBlocks(Object x, int outer, int mid, int inner, double[] acc);

    /** acc[o·inner + j] += Σ_m x[o, m, j] for x = [outer, mid, inner]. Reads x; adds into acc. */
    void sumAcross(Object x, int outer, int mid, int inner, double[] acc);

    /** acc[m] += Σ g·a over block m of g, a = [outer, mid, inner] (products in the element type). Adds into acc. */
    void dotBlocks(Object g, Object a, int outer, int mid, int inner, double[] acc);

    /** dst[i] = acc[i] rounded to the element type, i &lt; acc.length. Overwrites that range of dst. */
    void fromDoubles(double[] acc, Object dst);

    /** t[i] = t[i] / count, each rounded once (in double, then to the element type). */
    void divide(Object t, int count);

    /**
     * dst = src broadcast over a block: {@code inner == 1} → src (mid values) copied outer times; else src[m] filled
     * over each inner run. Reads src; overwrites dst[0, outer·mid·inner).
     */
    void broadcastBlock(Object src, Object dst, int outer, int mid, int inner);

    /** dst = src = [outer, 1, inner] repeated over mid. Overwrites dst[0, outer·mid·inner). */
    void broadcastAcross(Object src, Object dst, int outer, int mid, int inner);

    /** {@link Conv2dKernels#forward} on arrays of this type (reads x, w; overwrites y). */
    void convForward(ConvGeometry g, Object x, Object w, Object y);

    /** {@link Conv2dKernels#backwardData} on arrays of this type (reads dy, w; overwrites dx). */
    void convBackwardData(ConvGeometry g, Object dy, Object w, Object dx);

    /** {@link Conv2dKernels#backwardWeight} on arrays of this type (reads x, dy; overwrites dw). */
    void convBackwardWeight(ConvGeometry g, Object x, Object dy, Object dw);

    /** {@link GemmKernels#gemm} on arrays of this type: c = op(a)·op(b) (+ c when {@code acc}). Writes c's m×n block only. */
    void gemm(boolean transA, boolean transB, int m, int n, int k, Object a, int ao, Object b, int bo, Object c, int co, boolean acc);

    /**
     * {@link #gemm} for each batch entry i in order: c_i = op(a_i)·op(b_i), operand i starting at i·stride (a stride
     * of 0 shares one matrix). With {@code cStride == 0} the products are summed into one block, in batch order (the
     * first overwrites it). Writes c's blocks only.
     */
    default void gemmBatch(boolean transA, boolean transB, int batch, int m, int n, int k, Object a, int aStride, Object b,
                           int bStride, Object c, int cStride) {
        for (int i = 0; i < batch; i++) {
            gemm(transA, transB, m, n, k, a, i * aStride, b, i * bStride, c, i * cStride, cStride == 0 && i > 0);
        }
    }

    /** y[b, o, ·] += bias[o] over y = [n, c, hw] (bias of this type). Updates y. */
    void addChannelBias(Object y, Object bias, int n, int c, int hw);

    /**
     * 2×2 stride-2 max-pool of planes [p0, p1) of src ([planes, h, w] → dst [planes, oh, ow]): the window is scanned
     * (0,0), (0,1), (1,0), (1,1), the first maximum (or the last NaN) wins; arg[o] = its position 0..3.
     * Overwrites those planes of dst and arg.
     */
    void maxPool2x2(Object src, Object dst, byte[] arg, int p0, int p1, int h, int w, int oh, int ow);

    /** dst[winner of o] = g[o] for the outputs of planes [p0, p1); the other elements of those planes of dst are set to 0. */
    void maxPool2x2Backward(Object g, byte[] arg, Object dst, int p0, int p1, int h, int w, int oh, int ow);
}
