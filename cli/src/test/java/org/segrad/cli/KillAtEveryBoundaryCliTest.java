package org.segrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.io.NdArray;
import org.segrad.io.Safetensors;
import org.segrad.io.SafetensorsFile;
import org.segrad.io.WriteBoundary;

/**
 * {@code segrad train} killed at every write boundary, then run again with {@code --resume}, ends with the same folder
 * as a run never killed: the same file names, and the same bytes in every file (model, best, predictions, curves,
 * config) except the wall times, which are masked (the {@code seconds} of metrics.csv/json and of the checkpoint's
 * history). A kill lands before the rename of each atomic write (leaving its temporary file, as {@code kill -9}
 * would) and after the last one; the kill between write i and i+1 is the kill before write i+1's rename.
 */
class KillAtEveryBoundaryCliTest {
    /** Stands for kill -9 at a boundary. */
    static final class Kill extends RuntimeException {
        Kill() {
            super("killed at a write boundary", null, false, false);
        }
    }

    /** Runs the CLI with a hook that kills at boundary k (counting TEMP_WRITTEN and RENAMED); whether it fired. */
    static boolean runKilledAt(String[] args, int k) {
        int[] seen = {0};
        boolean[] fired = {false};
        WriteBoundary.install((target, phase) -> {
            if (seen[0]++ == k) {
                fired[0] = true;
                throw new Kill();
            }
        });
        try {
            CliRun.of(args);
        } finally {
            WriteBoundary.install(null);
        }
        return fired[0];
    }

    @Test
    void resumeAfterAKillAtAnyBoundaryEndsWithTheSameFiles(@TempDir Path dir) throws IOException {
        Path ref = dir.resolve("ref");
        List<WriteBoundary.Phase> phases = new ArrayList<>();
        WriteBoundary.install((target, phase) -> phases.add(phase));
        try {
            CliRun r = CliRun.of(RunFolderCommandsTest.train(ref));
            assertEquals(0, r.code(), r.err());
        } finally {
            WriteBoundary.install(null);
        }
        List<Integer> kills = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) if (phases.get(i) == WriteBoundary.Phase.TEMP_WRITTEN) kills.add(i);
        kills.add(phases.size() - 1); // after the very last rename
        assertTrue(kills.size() > 25, "writes: " + kills.size());
        List<String> expected = RunFolderCommandsTest.tree(ref);
        for (int k : kills) {
            Path out = dir.resolve("k" + k);
            assertTrue(runKilledAt(RunFolderCommandsTest.train(out), k), "boundary " + k);
            CliRun resumed = CliRun.of(RunFolderCommandsTest.train(out, "--resume"));
            String at = "killed at boundary " + k + ": ";
            assertEquals(0, resumed.code(), at + resumed.err());
            assertEquals(expected, RunFolderCommandsTest.tree(out), at + "file names");
            for (String f : expected) {
                Path a = ref.resolve(f), b = out.resolve(f);
                if (Files.isDirectory(a)) continue;
                switch (f) {
                    case "checkpoint.safetensors" -> sameCheckpoint(a, b, at);
                    case "metrics.csv", "metrics.json" -> assertEquals(withoutSeconds(a), withoutSeconds(b), at + f);
                    default -> assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), at + f);
                }
            }
        }
    }

    /** metrics.json's "seconds" values and metrics.csv's last column (wall times) replaced by "s". */
    private static String withoutSeconds(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        if (file.toString().endsWith(".json")) return s.replaceAll("\"seconds\": [^,\\n]+", "\"seconds\": s");
        return s.replaceAll(",[^,\\n]+\\n", ",s\n");
    }

    private static void sameCheckpoint(Path a, Path b, String at) throws IOException {
        SafetensorsFile fa = Safetensors.read(a), fb = Safetensors.read(b);
        assertEquals(fa.metadata(), fb.metadata(), at);
        assertEquals(fa.tensors().keySet(), fb.tensors().keySet(), at);
        fa.tensors().forEach((key, t) -> {
            NdArray u = fb.tensor(key);
            if (key.equals("history")) {
                double[] x = t.doubles().clone(), y = u.doubles().clone();
                for (int i = 6; i < x.length; i += 7) x[i] = y[i] = 0; // seconds
                assertArrayEquals(x, y, at + "history");
            } else {
                assertEquals(t, u, at + key);
            }
        });
    }
}
