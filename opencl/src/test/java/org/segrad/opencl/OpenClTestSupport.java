package org.segrad.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;

/**
 * Shared by the parity tests: one context on device opencl:0 (PoCL's CPU device in CI), skipped with the reason when
 * this machine has no OpenCL platform, and the tolerance of issue 16 (float32, 1e-4 relative).
 */
final class OpenClTestSupport {
    private static ClContext shared;

    private OpenClTestSupport() {}

    /** The context on opencl:0; the calling test is skipped (with why) when there is none. */
    static synchronized ClContext context() {
        Optional<String> why = Devices.unavailableReason();
        Assumptions.assumeTrue(why.isEmpty(), () -> "OpenCL parity tests skipped: " + why.orElse("")
                + " (install PoCL to run them: apt-get install pocl-opencl-icd ocl-icd-libopencl1)");
        if (shared == null) {
            shared = ClContext.open(Devices.list().get(0));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    static float[] random(long seed, int n) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextFloat() * 2 - 1;
        return a;
    }

    /**
     * Every element within 1e-4 relative: {@code |a − e| ≤ 1e-4 · max(|e|, max_j |e_j|)}, i.e. relative to the larger
     * of the element and the reference's largest magnitude (elements that cancel to near zero are judged on the scale
     * of the array, as a max-norm relative error).
     */
    static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (float e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-4 * Math.max(Math.abs(expected[i]), scale);
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                fail(what + ": element " + i + " is " + actual[i] + ", CPU reference " + expected[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
