package org.segrad.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The device report and the GEMM benchmark run end to end (the figure itself is reported, never asserted). */
class OpenClInfoTest {
    @Test
    void reportNamesEveryDeviceAndTheBenchmarkRuns() {
        ClContext ctx = OpenClTestSupport.context();
        String report = OpenClInfo.devicesReport();
        assertTrue(report.contains(ctx.device().name()), report);
        OpenClInfo.Gemm g = OpenClInfo.gemmBenchmark(ctx, 32, 3);
        assertEquals(32, g.n());
        assertTrue(g.medianSeconds() > 0 && Double.isFinite(g.gflops()), g.toString());
        assertTrue(g.describe(ctx.device()).startsWith("GEMM 32^3 float32 on opencl:0 "), g.describe(ctx.device()));
    }
}
