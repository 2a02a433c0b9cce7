package org.segrad.autodiff;

/**
 * Raw loops over {@code float[]}/{@code double[]} runs, written so that C2 can auto-vectorise them: the operation
 * is chosen once per run (never per element) and each loop body is a single arithmetic expression. Float runs
 * compute in float: for +, −, ×, ÷ that rounds exactly like computing in double and rounding once (double has more
 * than 2·24 + 2 bits), so the results equal the general double path bit for bit.
 */
final class ArrayLoops {
    static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3;

    private ArrayLoops() {}

    /**
     * z[zo+i] = a[ao+i] op b[bo+i]. When the offsets are equal the loop indexes every array by the same expression,
     * the form C2 vectorises on JDK 17 (it cannot prove that runs at different offsets of two arrays do not overlap).
     */
    static void vv(int op, float[] a, int ao, float[] b, int bo, float[] z, int zo, int len) {
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

    static void vv(int op, double[] a, int ao, double[] b, int bo, double[] z, int zo, int len) {
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

    /** z[zo+i] = a[ao+i] op s (one index expression when ao == zo, see vv). */
    static void vs(int op, float[] a, int ao, float s, float[] z, int zo, int len) {
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

    static void vs(int op, double[] a, int ao, double s, double[] z, int zo, int len) {
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

    /** z[zo+i] = s op b[bo+i] (one index expression when bo == zo, see vv). */
    static void sv(int op, float s, float[] b, int bo, float[] z, int zo, int len) {
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

    static void sv(int op, double s, double[] b, int bo, double[] z, int zo, int len) {
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

    /**
     * Float runs are reduced in chunks of {@code CHUNK}: a chunk is copied to a scratch array at index 0 and added
     * into {@code CHUNK} float partial sums, each collecting at most {@code ROUNDS} values before all are flushed
     * into a double. On JDK 17 C2 vectorises a loop only when every array is indexed by the same expression (it
     * cannot tell that {@code acc[j]} and {@code a[off + j]} never overlap), hence the copy; a float → double
     * widening in the loop would not vectorise either. A partial sum of 16 floats keeps the rounding error near
     * 16·2⁻²⁴ of its magnitude, far below what float32 results can show.
     */
    private static final int CHUNK = 256, ROUNDS = 16;

    /**
     * Per-thread chunk buffers (4 × CHUNK floats), reused: fresh ones per call were not scalar-replaced and came to
     * ~25 MiB of garbage per unet-small training step. The accumulators are zeroed before use and by {@link #flush}.
     */
    private static final ThreadLocal<float[][]> CHUNKS = ThreadLocal.withInitial(() -> new float[4][CHUNK]);

    private static float[][] chunks(int accumulators) {
        float[][] c = CHUNKS.get();
        for (int k = 4 - accumulators; k < 4; k++) java.util.Arrays.fill(c[k], 0f);
        return c;
    }

    /** Σ a[ao+i] for i &lt; len, accumulated in double (float partial sums of 16 values, see above). */
    static double sum(float[] a, int ao, int len) {
        double s = 0;
        int i = 0;
        if (len >= CHUNK) {
            float[][] c = chunks(1);
            float[] buf = c[0], acc = c[3];
            while (i + CHUNK <= len) {
                int rounds = Math.min(ROUNDS, (len - i) / CHUNK);
                for (int r = 0; r < rounds; r++, i += CHUNK) {
                    System.arraycopy(a, ao + i, buf, 0, CHUNK);
                    for (int j = 0; j < CHUNK; j++) acc[j] += buf[j];
                }
                s += flush(acc);
            }
        }
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (; i + 3 < len; i += 4) {
            s0 += a[ao + i];
            s1 += a[ao + i + 1];
            s2 += a[ao + i + 2];
            s3 += a[ao + i + 3];
        }
        for (; i < len; i++) s0 += a[ao + i];
        return s + ((s0 + s1) + (s2 + s3));
    }

    /** Σ a[ao+i]·b[bo+i] with float products, accumulated like {@link #sum(float[], int, int)}. */
    static double dot(float[] a, int ao, float[] b, int bo, int len) {
        double s = 0;
        int i = 0;
        if (len >= CHUNK) {
            float[][] c = chunks(1);
            float[] bufA = c[0], bufB = c[1], acc = c[3];
            while (i + CHUNK <= len) {
                int rounds = Math.min(ROUNDS, (len - i) / CHUNK);
                for (int r = 0; r < rounds; r++, i += CHUNK) {
                    System.arraycopy(a, ao + i, bufA, 0, CHUNK);
                    System.arraycopy(b, bo + i, bufB, 0, CHUNK);
                    for (int j = 0; j < CHUNK; j++) acc[j] += bufA[j] * bufB[j];
                }
                s += flush(acc);
            }
        }
        for (; i < len; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    /** Σ (a[ao+i] − mu)² with float differences, accumulated like {@link #sum(float[], int, int)}. */
    static double squaredDeviation(float[] a, int ao, int len, float mu) {
        double s = 0;
        int i = 0;
        if (len >= CHUNK) {
            float[][] c = chunks(1);
            float[] buf = c[0], acc = c[3];
            while (i + CHUNK <= len) {
                int rounds = Math.min(ROUNDS, (len - i) / CHUNK);
                for (int r = 0; r < rounds; r++, i += CHUNK) {
                    System.arraycopy(a, ao + i, buf, 0, CHUNK);
                    for (int j = 0; j < CHUNK; j++) {
                        float d = buf[j] - mu;
                        acc[j] += d * d;
                    }
                }
                s += flush(acc);
            }
        }
        for (; i < len; i++) {
            double d = a[ao + i] - mu;
            s += d * d;
        }
        return s;
    }

    /**
     * Σ g[off+i] and Σ g[off+i]·(x[off+i] − mu) in one pass (the batch-norm backward's two per-channel sums),
     * added into {@code out[0]} and {@code out[1]}.
     */
    static void sumAndCenteredDot(float[] g, float[] x, int off, int len, float mu, double[] out) {
        double s = 0, t = 0;
        int i = 0;
        if (len >= CHUNK) {
            float[][] c = chunks(2);
            float[] bufG = c[0], bufX = c[1], accG = c[2], accGx = c[3];
            while (i + CHUNK <= len) {
                int rounds = Math.min(ROUNDS, (len - i) / CHUNK);
                for (int r = 0; r < rounds; r++, i += CHUNK) {
                    System.arraycopy(g, off + i, bufG, 0, CHUNK);
                    System.arraycopy(x, off + i, bufX, 0, CHUNK);
                    for (int j = 0; j < CHUNK; j++) {
                        accG[j] += bufG[j];
                        accGx[j] += bufG[j] * (bufX[j] - mu);
                    }
                }
                s += flush(accG);
                t += flush(accGx);
            }
        }
        for (; i < len; i++) {
            s += g[off + i];
            t += g[off + i] * (double) (x[off + i] - mu);
        }
        out[0] += s;
        out[1] += t;
    }

    /** Σ acc in double, and acc set back to 0. */
    private static double flush(float[] acc) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int j = 0; j < acc.length; j += 4) {
            s0 += acc[j];
            s1 += acc[j + 1];
            s2 += acc[j + 2];
            s3 += acc[j + 3];
        }
        java.util.Arrays.fill(acc, 0f);
        return (s0 + s1) + (s2 + s3);
    }

    static double sum(double[] a, int ao, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            s0 += a[ao + i];
            s1 += a[ao + i + 1];
            s2 += a[ao + i + 2];
            s3 += a[ao + i + 3];
        }
        for (; i < len; i++) s0 += a[ao + i];
        return (s0 + s1) + (s2 + s3);
    }

    static double dot(double[] a, int ao, double[] b, int bo, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < len; i++) s0 += a[ao + i] * b[bo + i];
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * out[i] = x[i] &gt; 0 ? g[i] : +0, as min/max only (which C2 vectorises; a select does not): u = +∞ where
     * x &gt; 0 and +0 where x ≤ 0 (x·2¹²⁷·2¹²⁷·2¹²⁷ overflows for every positive float, even subnormal), then
     * out = max(min(g, u), 0 − u) is g or +0, bit for bit, whenever x and g are not NaN. A NaN would come out NaN
     * where the rule says +0, so a NaN anywhere in the result sends the whole run to the exact bitwise loop.
     */
    static void reluBackward(float[] x, float[] g, float[] out, int off, int len) {
        final float big = 0x1p127f;
        for (int i = off; i < off + len; i++) {
            float u = Math.max(x[i] * big, 0f) * big * big;
            out[i] = Math.max(Math.min(g[i], u), 0f - u);
        }
        if (!Double.isNaN(sum(out, off, len))) return;
        for (int i = off; i < off + len; i++) {
            // x > 0 (and not NaN) ⇔ its bits b satisfy 0 < b ≤ bits(+∞): the mask is all ones then, else 0.
            int b = Float.floatToRawIntBits(x[i]);
            int mask = ~(((b - 1) | (0x7F800000 - b)) >> 31);
            out[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & mask);
        }
    }

    static void reluBackward(double[] x, double[] g, double[] out, int off, int len) {
        final double big = 0x1p1023;
        for (int i = off; i < off + len; i++) {
            double u = Math.max(x[i] * big, 0.0) * big * big;
            out[i] = Math.max(Math.min(g[i], u), 0.0 - u);
        }
        if (!Double.isNaN(sum(out, off, len))) return;
        for (int i = off; i < off + len; i++) {
            long b = Double.doubleToRawLongBits(x[i]);
            long mask = ~(((b - 1) | (0x7FF0000000000000L - b)) >> 63);
            out[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(g[i]) & mask);
        }
    }

    /** a[i] += b[i] (in place). */
    static void addInto(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) a[i] += b[i];
    }

    static void addInto(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) a[i] += b[i];
    }
}
