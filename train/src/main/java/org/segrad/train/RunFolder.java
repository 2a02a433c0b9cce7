package org.segrad.train;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.segrad.io.AtomicFiles;

/**
 * A run's ownership of its output folder ({@code --out} of train and compare), so that two runs never mix.
 *
 * <ul>
 *   <li><b>Lock</b>: {@value #LOCK} in the folder, held with an OS file lock for the run's lifetime and holding the
 *       holder's pid, host, start time and command line. A second run into the folder fails at once naming the holder.
 *       A lock file no process holds (a killed run) is taken over. The lock is removed when the run ends. (POSIX
 *       drops a process's lock when it closes ANY channel on the file, so the holder never opens it a second time;
 *       within one JVM, {@link #check} of a folder this JVM holds reports it busy but may release the OS lock.)</li>
 *   <li><b>Modes</b>: {@link Mode#NEW} refuses a folder that holds a run's files ({@link #RUN_FILES});
 *       {@link Mode#OVERWRITE} deletes those files (and only those: a user's other files stay);
 *       {@link Mode#RESUME} keeps them but deletes the derived {@code predictions/} (rewritten at the end); when the
 *       folder has no checkpoint (the run was killed in its first epoch) resuming is starting over, so it clears them;
 *       {@link Mode#UPDATE} (re-tabulation) keeps everything.</li>
 *   <li><b>Leftovers</b>: temporary files of killed atomic writes ({@link AtomicFiles#isTemporary}) are removed,
 *       once the lock is held, in the folder and its sub-folders (three levels).</li>
 *   <li><b>Nothing before validation</b>: {@link #check} reads only; {@link #open} is the first write, to be called
 *       after every flag and input has been validated.</li>
 * </ul>
 */
public final class RunFolder implements AutoCloseable {
    /** The lock file's name. */
    public static final String LOCK = ".segrad.lock";

    /** The names train and compare write at the top of their folder; their presence marks a folder holding a run. */
    public static final Set<String> RUN_FILES = Set.of(Trainer.CHECKPOINT, Trainer.MODEL, Trainer.BEST, "config.json", "metrics.csv",
            "metrics.json", "loss.png", "miou.png", "lr.png", "predictions", "runs", "compare.md", "compare.csv", "runs.csv",
            "compare.png");

    private static final int MAX_LOCK_TEXT = 4096;

    /** How a run treats what it finds in its folder. */
    public enum Mode { NEW, OVERWRITE, RESUME, UPDATE }

    private final Path dir;
    private final boolean hadCheckpoint;
    private FileChannel channel;
    private FileLock lock;

    private RunFolder(Path dir, boolean hadCheckpoint, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.hadCheckpoint = hadCheckpoint;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Checks that a run in {@code mode} may use {@code dir}, writing nothing.
     *
     * @throws IllegalArgumentException naming {@code --out} (and {@code --overwrite} / {@code --resume}) otherwise
     */
    public static void check(Path dir, Mode mode) throws IOException {
        check(dir, mode, true);
    }

    /** As {@link #check(Path, Mode)}; {@code resumable} says whether the command has {@code --resume} to suggest. */
    public static void check(Path dir, Mode mode, boolean resumable) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file; expected a folder (new or holding a run)");
        }
        Path lockFile = dir.resolve(LOCK);
        if (Files.isRegularFile(lockFile)) {
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock l = tryLock(ch);
                if (l == null) throw inUse(dir, lockFile);
                l.release();
            } catch (NoSuchFileException gone) {
                // its run just ended
            }
        }
        checkRunFiles(dir, mode, resumable);
    }

    private static void checkRunFiles(Path dir, Mode mode, boolean resumable) throws IOException {
        List<String> found = runFiles(dir);
        if (mode == Mode.NEW && !found.isEmpty()) {
            throw new IllegalArgumentException("--out " + dir + " holds another run (" + String.join(", ", found)
                    + "); pass --overwrite to replace it, " + (resumable ? "--resume to continue it, " : "") + "or choose another --out");
        }
        if (mode == Mode.RESUME && isEmpty(dir)) {
            throw new IllegalArgumentException("--resume: --out " + dir + (Files.exists(dir) ? " is empty" : " does not exist")
                    + ", there is no run to continue; drop --resume to start one");
        }
    }

    /**
     * Takes {@code dir} for a run: creates it, locks it (recording {@code command}), removes leftover temporary files,
     * then clears or keeps the run's files as {@code mode} says. Close it when the run ends.
     */
    public static RunFolder open(Path dir, Mode mode, String command) throws IOException {
        return open(dir, mode, command, true);
    }

    /** As {@link #open(Path, Mode, String)}; {@code resumable} says whether the command has {@code --resume}. */
    public static RunFolder open(Path dir, Mode mode, String command, boolean resumable) throws IOException {
        check(dir, mode, resumable);
        Files.createDirectories(dir);
        Path lockFile = dir.resolve(LOCK);
        for (int attempt = 0; ; attempt++) {
            Object before = fileKey(lockFile);
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l = tryLock(ch);
            if (l == null) {
                ch.close();
                throw inUse(dir, lockFile);
            }
            // The lock is on the file we opened; a run that ended meanwhile deletes its lock file, so check (by stat:
            // opening and closing another channel on it would drop our POSIX lock) that it is still the one at the path.
            Object after = fileKey(lockFile);
            if (after != null && (before == null || before.equals(after))) {
                byte[] text = (holder(command) + "\n").getBytes(StandardCharsets.UTF_8);
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(text), 0);
                ch.force(true);
                RunFolder f = new RunFolder(dir, Files.exists(dir.resolve(Trainer.CHECKPOINT)), ch, l);
                try {
                    checkRunFiles(dir, mode, resumable); // files may have appeared before we held the lock
                    f.prepare(mode);
                } catch (IOException | RuntimeException e) {
                    f.close();
                    throw e;
                }
                return f;
            }
            l.release();
            ch.close();
            if (attempt >= 3) throw inUse(dir, lockFile);
        }
    }

    private static Object fileKey(Path p) throws IOException {
        try {
            return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The folder. */
    public Path path() {
        return dir;
    }

    /** Whether the folder held a training checkpoint when the run took it (what {@code --resume} continues from). */
    public boolean hasCheckpoint() {
        return hadCheckpoint;
    }

    /** Releases the lock and removes the lock file (idempotent; also safe from a shutdown hook). */
    @Override
    public synchronized void close() throws IOException {
        if (channel == null) return;
        try {
            Files.deleteIfExists(dir.resolve(LOCK)); // deleted while still held: no other run can lock this file after us
            if (lock != null && lock.isValid()) lock.release();
        } finally {
            channel.close();
            channel = null;
            lock = null;
        }
    }

    private void prepare(Mode mode) throws IOException {
        removeLeftovers(dir, 3);
        if (mode == Mode.OVERWRITE || mode == Mode.RESUME && !hadCheckpoint) {
            for (String name : RUN_FILES) deleteTree(dir.resolve(name));
        } else if (mode == Mode.RESUME) {
            deleteTree(dir.resolve("predictions"));
        }
    }

    /** The run files present in {@code dir}, sorted; empty if it does not exist. */
    static List<String> runFiles(Path dir) {
        List<String> found = new ArrayList<>(new TreeSet<>(RUN_FILES));
        found.removeIf(n -> !Files.exists(dir.resolve(n), LinkOption.NOFOLLOW_LINKS));
        return found;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return true;
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void removeLeftovers(Path dir, int depth) throws IOException {
        AtomicFiles.removeLeftovers(dir);
        if (depth == 0) return;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
            for (Path sub : ds) removeLeftovers(sub, depth - 1);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(p)) { // does not follow links: a linked folder's content stays
                for (Path q : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.delete(q);
            }
        } else {
            Files.delete(p);
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException heldByThisProcess) {
            return null;
        }
    }

    private static IllegalArgumentException inUse(Path dir, Path lockFile) {
        String who;
        try {
            who = readBounded(lockFile).lines().findFirst().orElse("an unnamed process");
        } catch (IOException e) {
            who = "a process whose lock file cannot be read (" + e.getMessage() + ")";
        }
        return new IllegalArgumentException("--out " + dir + " is in use by another run: " + who
                + "; wait for it to end or choose another --out");
    }

    private static String holder(String command) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "an unknown host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + " since " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + ": " + command.replace('\n', ' ');
    }

    private static String readBounded(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(MAX_LOCK_TEXT);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill up to the bound
            }
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
        }
    }
}
