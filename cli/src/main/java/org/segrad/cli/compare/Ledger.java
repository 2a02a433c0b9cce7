package org.segrad.cli.compare;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segrad.io.AtomicFiles;

/**
 * The resumable record of a sweep, {@code OUT/ledger.jsonl}: a header line with the sweep's
 * {@link RunSettings#fingerprint()}, then one JSON line per finished run (a {@link RunResult}, doubles written so they
 * read back to the same bits), each ending with a CRC-32 of the line before it ({@link LedgerLine}).
 *
 * <p>Durability: a finished run is one {@code write} of one whole line in append mode followed by {@code fsync}; a
 * crash can only leave the last line torn, which its checksum rejects. Opening with {@code resume} reads the good
 * lines, drops a torn or damaged one (counted in {@link #damaged()}), and rewrites the file atomically (temporary file,
 * then rename) before appending, so a torn tail never glues onto the next line. Without {@code resume} the ledger
 * starts empty (the runs of an earlier ledger are counted in {@link #discarded()}).
 *
 * <p>Exclusion is the caller's: {@code segrad compare} holds {@code --out} with a {@link org.segrad.train.RunFolder} lock
 * while the ledger is open, so two sweeps never append to one ledger.
 */
public final class Ledger implements Closeable {
    public static final String FILE = "ledger.jsonl";
    private final FileChannel append;
    private final Map<RunSpec, RunResult> done = new LinkedHashMap<>();
    private int damaged, discarded;

    private Ledger(Path out, String fingerprint, boolean resume) throws IOException {
        Files.createDirectories(out);
        Path file = out.resolve(FILE);
        List<String> keep = new ArrayList<>();
        keep.add(LedgerLine.seal(LedgerLine.header(fingerprint)));
        if (Files.exists(file)) read(file, fingerprint, resume, keep);
        AtomicFiles.write(file, o -> o.write((String.join("\n", keep) + "\n").getBytes(StandardCharsets.UTF_8)));
        append = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Opens the ledger of {@code out}; see the class comment for {@code resume}. */
    public static Ledger open(Path out, String fingerprint, boolean resume) throws IOException {
        return new Ledger(out, fingerprint, resume);
    }

    private void read(Path file, String fingerprint, boolean resume, List<String> keep) throws IOException {
        String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
        int runs = 0;
        for (int i = 1; i < lines.length; i++) if (!lines[i].isEmpty()) runs++;
        if (!resume) {
            discarded = runs;
            return;
        }
        String header = LedgerLine.unseal(lines[0]);
        String theirs = header == null ? null : LedgerLine.parseHeader(header);
        if (theirs == null) {
            throw new IllegalArgumentException("--resume: " + file + " has a damaged header: remove it, or run without --resume");
        }
        if (!theirs.equals(fingerprint)) {
            throw new IllegalArgumentException("--resume: " + file + " belongs to another sweep: " + difference(theirs, fingerprint)
                    + " (run with the same settings, or without --resume to start over)");
        }
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) continue;
            String body = LedgerLine.unseal(lines[i]);
            RunResult r = body == null ? null : LedgerLine.parseRun(body);
            if (r == null) {
                damaged++;
                continue;
            }
            done.put(new RunSpec(r.loss(), r.lambda(), r.seed(), r.trainFraction()), r);
            keep.add(lines[i]);
        }
    }

    private static String difference(String theirs, String ours) {
        List<String> a = Arrays.asList(theirs.split(" ")), b = Arrays.asList(ours.split(" "));
        List<String> was = new ArrayList<>(a), now = new ArrayList<>(b);
        was.removeAll(b);
        now.removeAll(a);
        return "it has " + String.join(" ", was) + " where this one has " + String.join(" ", now);
    }

    /** The runs already finished (resume only), by spec. */
    public Map<RunSpec, RunResult> done() {
        return done;
    }

    /** Lines of the resumed ledger that failed their checksum (a torn last line) and were dropped. */
    public int damaged() {
        return damaged;
    }

    /** Runs of an earlier ledger dropped because this sweep was not resumed. */
    public int discarded() {
        return discarded;
    }

    /** Appends one finished run: one write of the whole line, then fsync. */
    public synchronized void append(RunResult r) throws IOException {
        ByteBuffer line = ByteBuffer.wrap((LedgerLine.seal(LedgerLine.run(r)) + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) append.write(line);
        append.force(true);
        done.put(new RunSpec(r.loss(), r.lambda(), r.seed(), r.trainFraction()), r);
    }

    @Override
    public void close() throws IOException {
        append.close();
    }
}
