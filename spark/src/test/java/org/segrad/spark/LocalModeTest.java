package org.segrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code segrad compare --master local[2]}: the in-process numbers to the bit; the checks made before any run. */
class LocalModeTest {

    @Test
    void localModeGivesTheInProcessBits(@TempDir Path dir) throws Exception {
        Path inProcess = dir.resolve("in-process"), local = dir.resolve("local");
        Cli a = Cli.run(Cli.tinyCompare(inProcess, 2));
        assertEquals(0, a.code(), a.err());
        assertTrue(new HashSet<>(Cli.testMious(inProcess)).size() >= 2, "runs that differ: " + Cli.testMious(inProcess));
        List<String> args = new ArrayList<>(Cli.tinyCompare(local, 2, "--master", "local[2]"));
        args.addAll(Cli.loopback());
        Cli b = Cli.run(args);
        assertEquals(0, b.code(), b.err());
        assertEquals(4, Cli.testMious(local).size());
        assertEquals(Cli.testMious(inProcess), Cli.testMious(local), "test mIoU of each run, bit for bit");
        assertEquals(Files.readString(inProcess.resolve("compare.csv")), Files.readString(local.resolve("compare.csv")));
        assertTrue(Files.size(local.resolve("compare.png")) > 0);
        assertEquals(1 + 4, Files.readAllLines(local.resolve("ledger.jsonl")).size());
    }

    @Test
    void aPathAnExecutorCannotReadIsOneLineNamingTheFlagTheWorkerAndThePath(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("not-shared/images"), there = Files.createDirectories(dir.resolve("shared"));
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put(there.toString(), "--data");
        paths.put(missing.toString(), "--data");
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("probe")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1").set("spark.ui.enabled", "false"))) {
            List<String> errors = WorkerPaths.unreadable(sc, paths);
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).startsWith("--data: worker ") && errors.get(0).contains("(executor driver) cannot read " + missing),
                    errors.get(0));
        }
    }

    @Test
    void aMalformedMasterIsOneLineAndExitCode2(@TempDir Path dir) {
        Cli r = Cli.run(Cli.tinyCompare(dir, 1, "--master", "spark:/host"));
        assertEquals(2, r.code(), r.err());
        String last = r.err().strip().lines().reduce((x, y) -> y).orElse("");
        assertEquals("segrad compare: --master must be local, local[N], local[*] or spark://HOST:PORT, got 'spark:/host'", last);
        assertTrue(!Files.exists(dir.resolve("ledger.jsonl")));
    }
}
