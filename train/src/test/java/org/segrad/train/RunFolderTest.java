package org.segrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run owns its folder: the lock, the four modes, leftovers removed, nothing written by a refused start. */
class RunFolderTest {
    @TempDir
    Path tmp;

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aSecondRunIntoALockedFolderFailsAtOnceNamingTheHolder() throws IOException {
        Path out = tmp.resolve("run");
        try (RunFolder held = RunFolder.open(out, RunFolder.Mode.NEW, "segrad train --out run")) {
            String text = Files.readString(out.resolve(RunFolder.LOCK));
            assertTrue(text.startsWith("pid " + ProcessHandle.current().pid() + " on "), text);
            for (RunFolder.Mode m : RunFolder.Mode.values()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFolder.open(out, m, "segrad compare"));
                assertTrue(e.getMessage().startsWith("--out " + out + " is in use by another run: pid " + ProcessHandle.current().pid()),
                        e.getMessage());
                assertTrue(e.getMessage().contains(": segrad train --out run; wait for it to end or choose another --out"), e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> RunFolder.check(out, m));
            }
            assertEquals(List.of(RunFolder.LOCK), names(out), "the refused runs wrote nothing");
        }
        assertEquals(List.of(), names(out), "the lock is removed when the run ends");
        RunFolder.open(out, RunFolder.Mode.UPDATE, "again").close();
    }

    @Test
    void aLockNoProcessHoldsIsTakenOver() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("killed"));
        Files.writeString(out.resolve(RunFolder.LOCK), "pid 1 on elsewhere: segrad train\n");
        try (RunFolder f = RunFolder.open(out, RunFolder.Mode.NEW, "segrad train")) {
            assertTrue(Files.readString(out.resolve(RunFolder.LOCK)).startsWith("pid " + ProcessHandle.current().pid()));
        }
    }

    @Test
    void aFolderHoldingARunNeedsOverwriteOrResume() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("old"));
        for (String f : new String[] {Trainer.CHECKPOINT, Trainer.MODEL, "metrics.csv", "notes.txt"}) Files.writeString(out.resolve(f), f);
        Files.createDirectories(out.resolve("predictions"));
        Files.writeString(out.resolve("predictions/cell_07.png"), "stale");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFolder.open(out, RunFolder.Mode.NEW, "x"));
        assertEquals("--out " + out + " holds another run (checkpoint.safetensors, metrics.csv, model.safetensors, predictions); pass"
                + " --overwrite to replace it, --resume to continue it, or choose another --out", e.getMessage());
        assertFalse(Files.exists(out.resolve(RunFolder.LOCK)));

        try (RunFolder f = RunFolder.open(out, RunFolder.Mode.RESUME, "x")) {
            assertTrue(f.hasCheckpoint());
            assertEquals(List.of(RunFolder.LOCK, Trainer.CHECKPOINT, "metrics.csv", Trainer.MODEL, "notes.txt"), names(out),
                    "resume keeps the run's files but not its derived predictions");
        }
        try (RunFolder f = RunFolder.open(out, RunFolder.Mode.OVERWRITE, "x")) {
            assertEquals(List.of(RunFolder.LOCK, "notes.txt"), names(out), "overwrite clears the run's files, and only those");
        }
    }

    @Test
    void resumeWithoutACheckpointStartsOverAndWithoutAFolderIsAnError() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("first-epoch-killed"));
        Files.writeString(out.resolve("config.json"), "{}");
        Files.writeString(out.resolve(Trainer.MODEL), "half a run");
        try (RunFolder f = RunFolder.open(out, RunFolder.Mode.RESUME, "x")) {
            assertFalse(f.hasCheckpoint());
            assertEquals(List.of(RunFolder.LOCK), names(out), "nothing to continue: the killed run's files are cleared");
        }
        Path typo = tmp.resolve("tarin");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFolder.open(typo, RunFolder.Mode.RESUME, "x"));
        assertEquals("--resume: --out " + typo + " does not exist, there is no run to continue; drop --resume to start one", e.getMessage());
        assertFalse(Files.exists(typo), "a refused start creates nothing");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        e = assertThrows(IllegalArgumentException.class, () -> RunFolder.check(file, RunFolder.Mode.NEW));
        assertEquals("--out " + file + " is a file; expected a folder (new or holding a run)", e.getMessage());
    }

    @Test
    void leftoverTemporaryFilesOfKilledWritesAreRemoved() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("leftovers"));
        Files.createDirectories(out.resolve("runs/ce_f1.00_s1000"));
        Files.writeString(out.resolve(".metrics.csv.k3j2.tmp"), "x");
        Files.writeString(out.resolve("runs/ce_f1.00_s1000/.model.safetensors.z9.tmp"), "x");
        Files.writeString(out.resolve("keep.tmp"), "not ours");
        try (RunFolder f = RunFolder.open(out, RunFolder.Mode.UPDATE, "x")) {
            assertEquals(List.of(RunFolder.LOCK, "keep.tmp", "runs", "runs/ce_f1.00_s1000"), names(out));
        }
    }
}
