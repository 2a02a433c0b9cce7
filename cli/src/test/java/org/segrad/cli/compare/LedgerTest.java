package org.segrad.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
    private static final RunResult A = new RunResult("ce", 1000, 0.25, 0.1 + 0.2, 1.0 / 3, Double.NaN, 12.5);
    private static final RunResult B = new RunResult("ce+dice", 1001, 1.0, Math.PI / 4, Math.ulp(1.0), 0.5, 3.0);

    @Test
    void runsReadBackToTheSameBitsAfterResume(@TempDir Path out) throws Exception {
        try (Ledger l = Ledger.open(out, "fp", false)) {
            l.append(A);
            l.append(B);
        }
        try (Ledger l = Ledger.open(out, "fp", true)) {
            assertEquals(List.of(A, B), List.copyOf(l.done().values()));
            assertEquals(A, l.done().get(new RunSpec("ce", Double.NaN, 1000, 0.25)));
            assertEquals(0, l.damaged());
        }
    }

    @Test
    void aTornLastLineIsDroppedAndTheNextAppendStartsOnItsOwnLine(@TempDir Path out) throws Exception {
        try (Ledger l = Ledger.open(out, "fp", false)) {
            l.append(A);
        }
        String line = LedgerLine.seal(LedgerLine.run(B));
        Files.writeString(out.resolve(Ledger.FILE), line.substring(0, line.length() / 2), StandardOpenOption.APPEND);
        try (Ledger l = Ledger.open(out, "fp", true)) {
            assertEquals(List.of(A), List.copyOf(l.done().values()));
            assertEquals(1, l.damaged());
            l.append(B);
        }
        try (Ledger l = Ledger.open(out, "fp", true)) {
            assertEquals(List.of(A, B), List.copyOf(l.done().values()));
            assertEquals(0, l.damaged());
        }
    }

    @Test
    void aChangedDigitFailsTheChecksum() {
        String line = LedgerLine.seal(LedgerLine.run(A));
        assertEquals(LedgerLine.run(A), LedgerLine.unseal(line));
        assertNull(LedgerLine.unseal(line.replace("\"seed\":1000", "\"seed\":1001")));
        assertNull(LedgerLine.unseal(line.substring(0, line.length() - 1)));
    }

    @Test
    void quotesInALossNameRoundTrip() {
        RunResult odd = new RunResult("a\"b\\c", 1, 1.0, 0.5, 0.5, Double.NaN, 1);
        assertEquals(odd, LedgerLine.parseRun(LedgerLine.unseal(LedgerLine.seal(LedgerLine.run(odd)))));
    }

    @Test
    void resumingAnotherSweepIsRefusedAndLeavesTheLedgerAlone(@TempDir Path out) throws Exception {
        try (Ledger l = Ledger.open(out, "data=cells epochs=2", false)) {
            l.append(A);
        }
        byte[] before = Files.readAllBytes(out.resolve(Ledger.FILE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ledger.open(out, "data=cells epochs=3", true));
        assertTrue(e.getMessage().contains("it has epochs=2 where this one has epochs=3"), e.getMessage());
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(out.resolve(Ledger.FILE)));
    }

    @Test
    void withoutResumeTheEarlierRunsAreCountedAndDropped(@TempDir Path out) throws Exception {
        try (Ledger l = Ledger.open(out, "fp", false)) {
            l.append(A);
        }
        try (Ledger l = Ledger.open(out, "fp", false)) {
            assertEquals(1, l.discarded());
            assertTrue(l.done().isEmpty());
        }
    }
}
