package org.segrad.kernels;

/**
 * The float32 sums of {@link Float32ArrayKernels}: Σ, Σ·, Σ(x − μ)² and batch-norm's paired backward sums over a
 * run of a {@code float[]}, accumulated in double. Not a twin of the float64 loops (those add doubles in four
 * accumulators): float runs add in vectorisable float lanes first, as described below. Reads only its arguments,
 * writes only {@code out} (and its own thread-local scratch).
 */
final class FloatSums {
    private FloatSums() {}

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
}
