package org.segrad.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Atomic file replacement: the content goes to a temporary file {@code .NAME.RANDOM.tmp} in the target's directory,
 * is flushed to disk, and is then renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}. Readers see the
 * old file or the complete new one, never a half-written one; on any failure (an exception from the writer included)
 * the target is untouched and the temporary file is removed. The temporary file is created with the default
 * permissions (umask), so the result has the same mode as a plainly created file.
 *
 * <p>Temporary names match {@link #isTemporary}; a folder's leftovers of killed writers can be removed with
 * {@link #removeLeftovers} by the one process that owns the folder. {@link WriteBoundary} is a test seam at the
 * two boundaries of each write.
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

    /** Whether {@code name} has the form {@code .NAME.RANDOM.tmp} of this class's temporary files. */
    public static boolean isTemporary(String name) {
        return name.startsWith(".") && name.endsWith(".tmp") && name.length() > 6
                && name.substring(0, name.length() - 4).lastIndexOf('.') > 0;
    }

    /**
     * Removes the temporary files a killed writer left in {@code dir} (not recursive) and returns how many. Only the
     * owner of the folder may call this: a concurrent writer's temporary file would be removed too.
     */
    public static int removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        int n = 0;
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (isTemporary(p.getFileName().toString()) && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                    n++;
                }
            }
        }
        return n;
    }

    /** Writes {@code target} atomically with the bytes {@code writer} produces. */
    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null) {
            throw new IOException("target " + target + " has no parent directory");
        }
        String name = absolute.getFileName().toString();
        Path tmp = null;
        boolean moved = false;
        boolean killed = false; // a WriteBoundary hook threw at TEMP_WRITTEN: leave the temporary file as a kill would
        try {
            FileChannel channel = null;
            for (int attempt = 0; channel == null; attempt++) {
                Path candidate = dir.resolve("." + name + "."
                        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
                try {
                    channel = FileChannel.open(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    tmp = candidate;
                } catch (FileAlreadyExistsException e) {
                    if (attempt >= 10) {
                        throw e;
                    }
                }
            }
            try (FileChannel ch = channel;
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch),
                         1 << 16)) {
                writer.writeTo(out);
                out.flush();
                ch.force(true);
            }
            killed = true;
            WriteBoundary.reached(absolute, WriteBoundary.Phase.TEMP_WRITTEN);
            killed = false;
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            WriteBoundary.reached(absolute, WriteBoundary.Phase.RENAMED);
        } finally {
            if (!moved && !killed && tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException suppressed) {
                    // the original failure matters more than a leftover temporary file
                }
            }
        }
    }
}
