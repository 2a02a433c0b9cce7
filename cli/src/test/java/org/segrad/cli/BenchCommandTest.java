package org.segrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.segrad.benchmarks.UnetBench;

/** {@code segrad bench} on a tiny U-Net: the report's fields are there (never asserts on time). */
class BenchCommandTest {

    @Test
    void jsonReportHasTimesFlopsMemoryAndProfile() {
        CliRun r = CliRun.of("bench", "--json", "--batch", "1", "--size", "32", "--base", "4", "--depth", "2",
                "--steps", "2", "--warmup", "1", "--threads", "1,2", "--profile-steps", "1");
        assertEquals(0, r.code(), r.err());
        for (String key : new String[] {"\"train_step_median_s\"", "\"infer_median_s\"", "\"train_gflops_per_s\"",
                "\"train_pct_of_fma_peak\"", "\"train_gc_ms_per_step\"", "\"peak_heap_mib\"", "\"peak_rss_mib\"", "\"fma_peak_1thread_gflops\"", "\"train_alloc_mib_per_step\"", "\"gc\"",
                "\"op\": \"conv2d\"", "\"op\": \"batch_norm2d_relu\"", "\"op\": \"conv_transpose2d\"", "\"op\": \"optimizer:adam\""}) {
            assertTrue(r.out().contains(key), key + " missing in " + r.out());
        }
        assertTrue(r.out().contains("\"threads\": 2"), r.out());
        // 1×4×32×32 activations are above Workspace.MIN_POOLED, so the train step's buffers stay pooled
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"workspace_pooled_mib\": ([0-9.eE+-]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(1)) > 0, "empty workspace pool: " + m.group(1));
    }

    /** The cli's class path has no device backend (it may not depend on opencl): one line says so, the CPU runs. */
    @Test
    void anUnavailableDeviceFallsBackToTheCpuWithOneLine() {
        CliRun r = CliRun.of("bench", "--json", "--device", "opencl", "--batch", "1", "--size", "16", "--base", "4", "--depth", "2",
                "--steps", "1", "--warmup", "0", "--threads", "1", "--profile-steps", "0", "--no-inference");
        assertEquals(0, r.code(), r.err());
        long lines = r.err().lines().filter(l -> l.contains("--device opencl is not available")).count();
        assertEquals(1, lines, r.err());
        assertTrue(r.err().contains("no backend for 'opencl' on the class path"), r.err());
        assertTrue(r.out().contains("\"device\": \"cpu\""), r.out());
    }

    @Test
    void aMalformedDeviceIsAUsageError() {
        CliRun r = CliRun.of("bench", "--device", "gpu");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--device: expected cpu, opencl or opencl:N (N >= 0), got 'gpu'"), r.err());
    }

    @Test
    void flopsMatchSpec() {
        // SPEC §3: ≈ 1.15 GFLOP per image forward for base 16, depth 4, 128×128; a train step of batch 4 is 13.8 GFLOP.
        long f = UnetBench.forwardFlops(16, 4, 128);
        assertEquals(13.81, 3.0 * 4 * f / 1e9, 0.01);
    }

    @Test
    void badSizeNamesTheArgument() {
        CliRun r = CliRun.of("bench", "--size", "12", "--depth", "4");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--size must be a positive multiple of 2^(depth-1) = 8, got 12"), r.err());
    }
}
