package org.segrad.kernels;

/**
 * Error bounds for comparing a float32 SIMD kernel with its scalar twin.
 *
 * <p>Derivation. Every output is a dot product {@code s = Σ_{p<K} a_p·b_p} of K terms. The scalar twin sums in
 * double and rounds once, so it is within {@code u·|s|} of the exact value ({@code u = 2⁻²⁴}, float32 unit
 * roundoff). The SIMD kernel sums in float32, each FMA rounding once; the standard bound for recursive summation
 * (Higham, Accuracy and Stability of Numerical Algorithms, §3.1) is {@code |ŝ − s| ≤ γ_K·Σ|a_p·b_p|} with
 * {@code γ_K = K·u/(1 − K·u)}; blocking the sum (KC blocks added into C, lanes added at the end) only shortens the
 * chains, and an accumulate-into-C adds one more rounding. So
 * {@code |simd − scalar| ≤ (K + 2)·u·Σ|a_p·b_p| / (1 − (K+2)·u) + u·|s|}; we allow twice that (the factor 2
 * covers the 1/(1 − Ku) term for every K used in the tests, K·u &lt; 10⁻³) plus {@code 1e-30} for exact zeros.
 * {@code absDot} is computed by running the scalar twin on |a| and |b|.
 */
final class Tolerance {
    static final double U = Math.ulp(1.0f) / 2; // 2^-24

    private Tolerance() {}

    static double bound(long terms, double absDot) {
        return 2 * ((terms + 2) * U * absDot + U * absDot) + 1e-30;
    }

    static float[] abs(float[] x) {
        float[] r = new float[x.length];
        for (int i = 0; i < x.length; i++) r[i] = Math.abs(x[i]);
        return r;
    }

    /** Asserts {@code |actual[i] − expected[i]| ≤ bound(terms, absDot[i])} for every i, naming the first failure. */
    static void assertClose(String what, float[] expected, float[] actual, float[] absDot, long terms) {
        if (expected.length != actual.length) throw new AssertionError(what + ": length " + actual.length + " != " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            double tol = bound(terms, absDot[i]);
            double d = Math.abs((double) expected[i] - actual[i]);
            if (!(d <= tol)) {
                throw new AssertionError(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]
                        + " (|diff| " + d + " > tolerance " + tol + ", K=" + terms + ")");
            }
        }
    }

    static float[] random(java.util.Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextGaussian());
        return x;
    }
}
