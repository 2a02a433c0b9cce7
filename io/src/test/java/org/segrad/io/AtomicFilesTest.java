package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.io.NdArray;

/** A failed write leaves the old file and no temporary file; a good one replaces the file. */
class AtomicFilesTest {

    @Test
    void failureMidWriteKeepsTheOldFile(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("x.npy");
        Files.write(p, new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(p, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(p));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void runtimeFailureAlsoCleansUp(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("new.npy");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(p, out -> {
            throw new IllegalStateException("boom");
        }));
        assertFalse(Files.exists(p));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void resultHasThePermissionsOfAPlainlyCreatedFile(@TempDir Path dir) throws IOException {
        Path plain = Files.write(dir.resolve("plain"), new byte[] {1});
        Path atomic = dir.resolve("atomic");
        AtomicFiles.write(atomic, out -> out.write(1));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
        }
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(atomic));
    }

    @Test
    void npyWriteReplaces(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("a.npy");
        Files.write(p, new byte[] {1});
        NdArray a = NdArray.ofDoubles(new double[] {1, 2}, 2);
        Npy.write(p, a);
        assertEquals(a, Npy.read(p));
    }

    /** Thrown by the test hook: stands for a kill -9 at a write boundary. */
    private static final class Kill extends RuntimeException {
        Kill() {
            super("killed", null, false, false);
        }
    }

    @Test
    void aKillAtEachBoundaryLeavesOldOrNewBytesAndLeftoversAreRemoved(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("x.bin");
        Files.write(p, new byte[] {1});
        java.util.List<String> seen = new java.util.ArrayList<>();
        try {
            WriteBoundary.install((target, phase) -> {
                seen.add(target.getFileName() + ":" + phase);
                if (phase == WriteBoundary.Phase.TEMP_WRITTEN) throw new Kill();
            });
            assertThrows(Kill.class, () -> AtomicFiles.write(p, out -> out.write(2)));
            assertArrayEquals(new byte[] {1}, Files.readAllBytes(p), "killed before the rename: old bytes");
            try (var files = Files.list(dir)) {
                assertEquals(1, files.filter(f -> AtomicFiles.isTemporary(f.getFileName().toString())).count(), "a kill leaves the temporary file");
            }
            WriteBoundary.install((target, phase) -> {
                seen.add(target.getFileName() + ":" + phase);
                if (phase == WriteBoundary.Phase.RENAMED) throw new Kill();
            });
            assertThrows(Kill.class, () -> AtomicFiles.write(p, out -> out.write(3)));
            assertArrayEquals(new byte[] {3}, Files.readAllBytes(p), "killed after the rename: new bytes");
        } finally {
            WriteBoundary.install(null);
        }
        assertEquals(java.util.List.of("x.bin:TEMP_WRITTEN", "x.bin:TEMP_WRITTEN", "x.bin:RENAMED"), seen);
        Files.write(dir.resolve("notes.tmp"), new byte[] {9});
        assertEquals(1, AtomicFiles.removeLeftovers(dir));
        try (var files = Files.list(dir)) {
            assertEquals(java.util.List.of("notes.tmp", "x.bin"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "only the writer's own temporary names are removed");
        }
        assertFalse(AtomicFiles.isTemporary(".tmp"));
        assertFalse(AtomicFiles.isTemporary("a.b.tmp"));
    }
}
