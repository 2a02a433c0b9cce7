package org.segrad.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareStatsTest {

    private static List<RunResult> runs() {
        List<RunResult> runs = new ArrayList<>();
        double[] caml = {0.80, 0.82, 0.79, 0.85, 0.81, 0.83};
        double[] ce = {0.70, 0.75, 0.72, 0.74, 0.69, 0.73};
        for (int s = 0; s < caml.length; s++) {
            runs.add(new RunResult("caml", s, 0.5, caml[s], 0, Double.NaN, 1));
            runs.add(new RunResult("ce", s, 0.5, ce[s], 0, Double.NaN, 1));
        }
        return runs;
    }

    @Test
    void meanSdAndPairedPValues() {
        List<CompareStats.Row> rows = CompareStats.summarize(runs(), "caml");
        assertEquals(2, rows.size());
        CompareStats.Row caml = rows.get(0), ce = rows.get(1);
        assertEquals("caml", caml.loss());
        assertEquals(0.8166666, caml.mean(), 1e-6);
        assertTrue(Double.isNaN(caml.wilcoxonP()), "the reference is not tested against itself");
        assertEquals(6, ce.n());
        // Every ce run is below its caml pair: the exact two-sided signed-rank p for n = 6 is 2/64.
        assertEquals(2.0 / 64, ce.wilcoxonP(), 1e-12);
        assertTrue(ce.tTestP() < 1e-3, "t-test p = " + ce.tTestP());
    }

    @Test
    void wilcoxonPValueNeverExceedsOne() {
        // Differences +1, +2, −3 (n = 3): W+ = W− = 3 sits at the centre of its distribution; 2·P(W+ ≥ 3) = 2·5/8 = 1.25.
        double p = CompareStats.wilcoxon(new double[] {2, 3, 0}, new double[] {1, 1, 3});
        assertEquals(1.0, p, 0);
    }

    @Test
    void runsCsvRoundTrips() {
        List<RunResult> runs = runs();
        assertEquals(runs, RunResult.parseCsv(CompareReport.runsCsv(runs)));
    }

    @Test
    void reportsAreWritten(@TempDir Path dir) throws Exception {
        List<CompareStats.Row> rows = CompareStats.summarize(runs(), "caml");
        String md = CompareReport.markdown(rows, "caml");
        assertTrue(md.contains("| 0.50 | ce | 6 | 0.7217 ± 0.0232 | 0.0313 |"), md);
        assertTrue(CompareReport.csv(rows).startsWith("train_fraction,loss,n,"));
        Path png = dir.resolve("bars.png");
        CompareReport.barChart(png, rows);
        byte[] head = Files.readAllBytes(png);
        assertEquals((byte) 0x89, head[0]);
        assertEquals('P', head[1]);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }
}
