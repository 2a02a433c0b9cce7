package org.segrad.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Same inputs, same bits, whoever runs the kernel: the interpreter (-Xint, the Vector API's Java fallback) or C2
 * (its intrinsics), so that a seeded training run repeats exactly however the JIT schedules its compilations.
 * (A float {@code reduceLanes(ADD)} may sum lanes in any order; the kernels use {@link Lanes#sum} instead.)
 */
class JitDeterminismTest {

    @Test
    void interpretedAndCompiledKernelsAgreeBitForBit() throws Exception {
        assumeTrue(SimdSupport.enabled(), "SIMD is off: " + SimdSupport.reason());
        String compiled = "digest " + DeterminismProbe.digest(3000);
        List<String> cmd = List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xint", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                DeterminismProbe.class.getName(), "1");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        assertEquals(compiled, out, "interpreted kernels differ from compiled ones");
    }
}
