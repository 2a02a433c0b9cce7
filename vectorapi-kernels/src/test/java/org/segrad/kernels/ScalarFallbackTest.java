package org.segrad.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Starts child JVMs without {@code --add-modules jdk.incubator.vector} and with {@code -Dsegrad.simd=false}: the
 * kernels must run (scalar), give the right answer, and explain a missing module exactly once on stderr.
 */
class ScalarFallbackTest {

    private static String[] run(String... jvmArgs) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(FallbackProbe.class.getName());
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "child JVM failed: " + err);
        return new String[] {out, err};
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }

    @Test
    void withoutTheVectorModuleEverythingRunsScalarAndSaysWhyOnce() throws Exception {
        String[] r = run();
        assertTrue(r[0].contains("enabled=false"), r[0]);
        assertTrue(r[0].contains("vectorLoaded=false"), r[0]);
        assertTrue(r[0].contains("c=[1.0, 2.0, 3.0, 4.0]"), r[0]);
        assertEquals(1, count(r[1], "segrad: SIMD kernels off"), r[1]);
        assertTrue(r[1].contains("--add-modules jdk.incubator.vector"), r[1]);
    }

    @Test
    void propertyForcesScalarSilently() throws Exception {
        String[] r = run("--add-modules=jdk.incubator.vector", "-Dsegrad.simd=false");
        assertTrue(r[0].contains("enabled=false"), r[0]);
        assertEquals(0, count(r[1], "segrad: SIMD kernels off"), r[1]);
    }

    @Test
    void withTheModuleSimdIsOn() throws Exception {
        String[] r = run("--add-modules=jdk.incubator.vector");
        assertTrue(r[0].contains("enabled=true"), r[0]);
        assertTrue(r[0].contains("c=[1.0, 2.0, 3.0, 4.0]"), r[0]);
    }
}
