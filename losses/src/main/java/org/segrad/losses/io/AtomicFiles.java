package org.segrad.losses.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Atomic file replacement: the content goes to a temporary file in the target's directory, which is then renamed over
 * the target with {@link StandardCopyOption#ATOMIC_MOVE}. Readers see the old file or the complete new one, never a
 * half-written one; on any failure the target is untouched and the temporary file is removed.
 */
public final class AtomicFiles {

    /** Writes the whole content to a stream; may throw. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the content to {@code out} (buffered; do not close it). */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code target} atomically with the bytes {@code writer} produces. */
    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null) {
            throw new IOException("target " + target + " has no parent directory");
        }
        String name = absolute.getFileName().toString();
        Path tmp = Files.createTempFile(dir, "." + name + ".", ".tmp");
        boolean moved = false;
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.writeTo(out);
            }
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException suppressed) {
                    // the original failure matters more than a leftover temporary file
                }
            }
        }
    }
}
