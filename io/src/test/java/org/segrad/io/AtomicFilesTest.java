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
}
