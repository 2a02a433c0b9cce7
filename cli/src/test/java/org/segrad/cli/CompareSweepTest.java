package org.segrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.cli.compare.Ledger;
import org.segrad.cli.compare.RunResult;
import org.segrad.train.RunFolder;

/** segrad compare's ledger from the command line: resume, the lock on --out, and --master without the spark module. */
class CompareSweepTest {
    /** 2 seeds × (ce + ce+dice at 2 λ) = 6 runs on tiny data. */
    static String[] tiny(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("compare", "--images", "8", "--size", "16", "--base", "4", "--depth", "2",
                "--epochs", "1", "--losses", "ce,ce+dice", "--reference", "ce", "--seeds", "2", "--fractions", "1.0", "--lambdas", "0.5,2.0",
                "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void anInterruptedSweepResumesToTheSameTable(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole"), cut = dir.resolve("cut");
        CliRun a = CliRun.of(tiny(whole));
        assertEquals(0, a.code(), a.err());
        assertEquals(1 + 6, Files.readAllLines(whole.resolve(Ledger.FILE)).size(), "header + 6 runs");

        // The same sweep "killed" after two runs, mid-way through writing the third line.
        Files.createDirectories(cut);
        List<String> lines = Files.readAllLines(whole.resolve(Ledger.FILE));
        Files.writeString(cut.resolve(Ledger.FILE), String.join("\n", lines.subList(0, 3)) + "\n" + lines.get(3).substring(0, 20));
        CliRun b = CliRun.of(tiny(cut, "--resume"));
        assertEquals(0, b.code(), b.err());
        assertTrue(b.err().contains("dropped 1 damaged line(s)"), b.err());
        assertTrue(b.err().contains("resuming: 2 runs done, 4 to go"), b.err());
        assertEquals(Files.readString(whole.resolve("compare.csv")), Files.readString(cut.resolve("compare.csv")));
        assertEquals(testMious(whole), testMious(cut));

        CliRun c = CliRun.of(tiny(cut, "--resume"));
        assertEquals(0, c.code(), c.err());
        assertTrue(c.err().contains("resuming: 6 runs done, 0 to go"), c.err());
        assertEquals(Files.readString(whole.resolve("compare.csv")), Files.readString(cut.resolve("compare.csv")));
    }

    private static List<Double> testMious(Path out) throws Exception {
        return RunResult.parseCsv(Files.readString(out.resolve("runs.csv"))).stream().map(RunResult::testMiou).toList();
    }

    @Test
    void resumingWithOtherSettingsIsOneLineAndExitCode2(@TempDir Path out) throws Exception {
        assertEquals(0, CliRun.of(tiny(out)).code());
        String before = Files.readString(out.resolve(Ledger.FILE));
        CliRun r = CliRun.of(tiny(out, "--resume", "--lr", "0.01"));
        assertEquals(2, r.code(), r.err());
        String last = r.err().strip().lines().reduce((x, y) -> y).orElse("");
        assertTrue(last.startsWith("segrad compare: --resume: ") && last.contains("lr=0.001 where this one has lr=0.01"), r.err());
        assertEquals(before, Files.readString(out.resolve(Ledger.FILE)));
    }

    @Test
    void aSecondSweepIntoTheSameOutIsRefused(@TempDir Path out) throws Exception {
        try (RunFolder running = RunFolder.open(out, RunFolder.Mode.NEW, "segrad compare (another sweep)");
             Ledger ledger = Ledger.open(out, "another sweep", false)) {
            CliRun r = CliRun.of(tiny(out, "--resume"));
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("--out " + out + " is in use by another run"), r.err());
            assertFalse(Files.exists(out.resolve("compare.csv")));
            assertEquals(1, Files.readAllLines(out.resolve(Ledger.FILE)).size(), "the running sweep's ledger is untouched");
            assertTrue(ledger.done().isEmpty() && running.path().equals(out));
        }
    }

    @Test
    void resumeWithoutALedgerIsOneLineAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("none");
        CliRun r = CliRun.of(tiny(out, "--resume"));
        assertEquals(2, r.code(), r.err());
        assertEquals("segrad compare: --resume: --out " + out + " has no ledger.jsonl, there is no sweep to continue; drop --resume to start one",
                r.err().strip());
        assertFalse(Files.exists(out));
    }

    @Test
    void masterWithoutTheSparkModuleNamesTheBuildCommand(@TempDir Path out) {
        CliRun r = CliRun.of(tiny(out, "--master", "local[2]"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("segrad compare: --master needs the spark module on the class path: build it with 'mvn"), r.err());
        assertFalse(Files.exists(out.resolve(Ledger.FILE)));
    }
}
