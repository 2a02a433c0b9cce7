package org.segrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.data.ImageFiles;
import org.segrad.io.WriteBoundary;
import org.segrad.train.RunFolder;

/**
 * Run folders that never mix, as a user meets them: a busy folder, an old run, --overwrite, predict's mirrored names,
 * a refused start that creates nothing.
 */
class RunFolderCommandsTest {
    static final String[] TINY = {"--images", "8", "--size", "16", "--base", "4", "--depth", "2", "--quiet", "--threads", "1"};

    @TempDir
    Path dir;

    static String[] train(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--out", out.toString()));
        a.addAll(List.of(TINY));
        a.addAll(List.of(extra));
        if (!a.contains("--epochs")) a.addAll(List.of("--epochs", "2"));
        return a.toArray(String[]::new);
    }

    static List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private static void oneLine(CliRun r, String expected) {
        assertEquals(2, r.code(), r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertTrue(err.contains(expected), err);
    }

    @Test
    void aBusyFolderFailsAtOnceNamingItsHolder() throws IOException {
        Path out = dir.resolve("run");
        try (RunFolder other = RunFolder.open(out, RunFolder.Mode.NEW, "segrad train --out run --epochs 50")) {
            CliRun r = CliRun.of(train(out));
            oneLine(r, "segrad train: --out " + out + " is in use by another run: pid " + ProcessHandle.current().pid());
            assertTrue(r.err().contains("segrad train --out run --epochs 50; wait for it to end or choose another --out"), r.err());
            oneLine(CliRun.of("compare", "--out", out.toString(), "--losses", "ce", "--reference", "ce", "--seeds", "1"), "is in use by");
            assertEquals(List.of(RunFolder.LOCK), tree(out), "the refused runs wrote nothing");
        }
        Files.writeString(out.resolve("compare.md"), "an earlier compare");
        CliRun r = CliRun.of("compare", "--out", out.toString(), "--losses", "ce", "--reference", "ce", "--seeds", "1");
        oneLine(r, "--out " + out + " holds another run (compare.md); pass --overwrite to replace it, or choose another --out");
    }

    @Test
    void anOldRunNeedsOverwriteWhichLeavesNoStaleFile() throws IOException {
        Path out = dir.resolve("run");
        CliRun first = CliRun.of(train(out));
        assertEquals(0, first.code(), first.err());
        assertFalse(Files.exists(out.resolve(RunFolder.LOCK)), "the lock goes with the run");
        Files.writeString(out.resolve("predictions/stale_from_an_older_run.png"), "stale");
        Files.writeString(out.resolve("notes.txt"), "mine");
        byte[] model = Files.readAllBytes(out.resolve("model.safetensors"));

        CliRun again = CliRun.of(train(out, "--seed", "2"));
        oneLine(again, "--out " + out + " holds another run (");
        assertTrue(again.err().contains("pass --overwrite to replace it, --resume to continue it"), again.err());
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.safetensors")), "the old run is untouched");
        oneLine(CliRun.of(train(out, "--overwrite", "--resume")), "--resume and --overwrite exclude each other");

        CliRun over = CliRun.of(train(out, "--seed", "2", "--overwrite"));
        assertEquals(0, over.code(), over.err());
        assertFalse(Files.exists(out.resolve("predictions/stale_from_an_older_run.png")), "no stale prediction");
        assertTrue(Files.exists(out.resolve("notes.txt")), "the user's own file stays");
        assertNotEquals(List.of(), tree(out.resolve("predictions")));
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"seed\": 2"), "the new run's config");
    }

    @Test
    void aRefusedStartCreatesNothing() {
        Path out = dir.resolve("never");
        oneLine(CliRun.of(train(out, "--loss", "hinge")), "unknown loss 'hinge'");
        oneLine(CliRun.of(train(out, "--data", dir.resolve("missing").toString())), "--data");
        oneLine(CliRun.of(train(out, "--resume")), "--resume: --out " + out + " does not exist");
        oneLine(CliRun.of(train(out, "--optimizer", "rmsprop")), "--optimizer");
        oneLine(CliRun.of("predict", "--checkpoint", dir.resolve("none.safetensors").toString(), "--out", out.toString(),
                dir.toString()), "none.safetensors");
        assertFalse(Files.exists(out));
    }

    @Test
    void predictMirrorsInputPathsSoNamesNeverCollide() throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, CliRun.of(train(run, "--epochs", "1")).code());
        Path a = Files.createDirectories(dir.resolve("in/a")), b = Files.createDirectories(dir.resolve("in/b"));
        float[] dark = new float[16 * 20], light = new float[16 * 20];
        java.util.Arrays.fill(light, 1f);
        ImageFiles.writeGray8(a.resolve("x.png"), dark, 16, 20);
        ImageFiles.writeGray8(b.resolve("x.png"), light, 16, 20);
        Path out = dir.resolve("pred");
        CliRun p = CliRun.of("predict", "--checkpoint", run.resolve("best.safetensors").toString(), "--base", "4", "--depth", "2",
                "--out", out.toString(), a.resolve("x.png").toString(), b.resolve("x.png").toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("of 2 images"), p.out());
        assertEquals(List.of("a", "a/x_mask.png", "a/x_overlay.png", "b", "b/x_mask.png", "b/x_overlay.png"), tree(out));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(out.resolve("a/x_overlay.png")),
                Files.readAllBytes(out.resolve("b/x_overlay.png"))), "two results, one per source");

        Path flat = dir.resolve("flat");
        assertEquals(0, CliRun.of("predict", "--checkpoint", run.resolve("best.safetensors").toString(), "--base", "4", "--depth", "2",
                "--out", flat.toString(), a.toString()).code());
        assertEquals(List.of("x_mask.png", "x_overlay.png"), tree(flat), "one folder: its images directly under --out");

        ImageFiles.writeGray8(a.resolve("x.tif"), dark, 16, 20);
        Path clash = dir.resolve("clash");
        oneLine(CliRun.of("predict", "--checkpoint", run.resolve("best.safetensors").toString(), "--base", "4", "--depth", "2",
                "--out", clash.toString(), a.toString()), "would both be written as");
        assertFalse(Files.exists(clash));
    }

    @Test
    void recordsAreWrittenAfterEveryEpochAndSurviveAKill() throws IOException {
        Path ref = dir.resolve("ref");
        List<String> boundaries = new ArrayList<>();
        WriteBoundary.install((target, phase) -> boundaries.add(target.getFileName() + ":" + phase));
        try {
            assertEquals(0, CliRun.of(train(ref)).code());
        } finally {
            WriteBoundary.install(null);
        }
        // Kill just before the second epoch's model is renamed into place: epoch 1 is committed and recorded.
        int k = boundaries.lastIndexOf("model.safetensors:TEMP_WRITTEN");
        assertTrue(boundaries.indexOf("model.safetensors:TEMP_WRITTEN") < k, boundaries.toString());
        Path out = dir.resolve("killed");
        assertTrue(KillAtEveryBoundaryCliTest.runKilledAt(train(out), k));
        assertEquals(2, Files.readAllLines(out.resolve("metrics.csv")).size(), "header + epoch 1");
        assertTrue(Files.readString(out.resolve("metrics.json")).contains("\"status\": \"running\""));
        for (String f : new String[] {"config.json", "loss.png", "miou.png", "lr.png"}) assertTrue(Files.exists(out.resolve(f)), f);
        assertTrue(tree(out).stream().anyMatch(n -> n.endsWith(".tmp")), "the kill left a temporary file");
        CliRun resumed = CliRun.of(train(out, "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(tree(out).stream().noneMatch(n -> n.endsWith(".tmp") || n.equals(RunFolder.LOCK)), tree(out).toString());
        assertTrue(Files.readString(out.resolve("metrics.json")).contains("\"status\": \"finished\""));
    }
}
