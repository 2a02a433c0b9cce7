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

    /** z[zo+i] = a[ao+i] op b[bo+i]. */
    static void vv(int op, float[] a, int ao, float[] b, int bo, float[] z, int zo, int len) {
        switch (op) {
            case ADD -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] + b[bo + i]; }
            case SUB -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] - b[bo + i]; }
            case MUL -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] * b[bo + i]; }
            default -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] / b[bo + i]; }
        }
    }

    static void vv(int op, double[] a, int ao, double[] b, int bo, double[] z, int zo, int len) {
        switch (op) {
            case ADD -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] + b[bo + i]; }
            case SUB -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] - b[bo + i]; }
            case MUL -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] * b[bo + i]; }
            default -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] / b[bo + i]; }
        }
    }

    /** z[zo+i] = a[ao+i] op s. */
    static void vs(int op, float[] a, int ao, float s, float[] z, int zo, int len) {
        switch (op) {
            case ADD -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] + s; }
            case SUB -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] - s; }
            case MUL -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] * s; }
            default -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] / s; }
        }
    }

    static void vs(int op, double[] a, int ao, double s, double[] z, int zo, int len) {
        switch (op) {
            case ADD -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] + s; }
            case SUB -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] - s; }
            case MUL -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] * s; }
            default -> { for (int i = 0; i < len; i++) z[zo + i] = a[ao + i] / s; }
        }
    }

    /** z[zo+i] = s op b[bo+i]. */
    static void sv(int op, float s, float[] b, int bo, float[] z, int zo, int len) {
        switch (op) {
            case ADD -> { for (int i = 0; i < len; i++) z[zo + i] = s + b[bo + i]; }
            case SUB -> { for (int i = 0; i < len; i++) z[zo + i] = s - b[bo + i]; }
            case MUL -> { for (int i = 0; i < len; i++) z[zo + i] = s * b[bo + i]; }
            default -> { for (int i = 0; i < len; i++) z[zo + i] = s / b[bo + i]; }
        }
    }

    static void sv(int op, double s, double[] b, int bo, double[] z, int zo, int len) {
        switch (op) {
            case ADD -> { for (int i = 0; i < len; i++) z[zo + i] = s + b[bo + i]; }
            case SUB -> { for (int i = 0; i < len; i++) z[zo + i] = s - b[bo + i]; }
            case MUL -> { for (int i = 0; i < len; i++) z[zo + i] = s * b[bo + i]; }
            default -> { for (int i = 0; i < len; i++) z[zo + i] = s / b[bo + i]; }
        }
    }

    /**
     * Σ a[ao+i] for i &lt; len in double, with four independent accumulators (one chain of dependent adds would
     * cost the add latency per element).
     */
    static double sum(float[] a, int ao, int len) {
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

    /** Σ a[ao+i]·b[bo+i] in double, four accumulators. */
    static double dot(float[] a, int ao, float[] b, int bo, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            s0 += (double) a[ao + i] * b[bo + i];
            s1 += (double) a[ao + i + 1] * b[bo + i + 1];
            s2 += (double) a[ao + i + 2] * b[bo + i + 2];
            s3 += (double) a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < len; i++) s0 += (double) a[ao + i] * b[bo + i];
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

    /** a[i] += b[i] (in place). */
    static void addInto(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) a[i] += b[i];
    }

    static void addInto(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) a[i] += b[i];
    }
}
