package org.segrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkContext$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.SparkStageInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster (Master + 2 Workers, separate JVMs on 127.0.0.1): a compare of 2 losses × 2 seeds, one
 * Worker killed while both run a task; the table must be complete and equal to the in-process one, bit for bit.
 */
class StandaloneClusterTest {

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void aSweepSurvivesALostWorkerAndEqualsTheInProcessTable(@TempDir Path dir) throws Exception {
        Path inProcess = dir.resolve("in-process"), onCluster = dir.resolve("cluster-out");
        Cli a = Cli.run(Cli.tinyCompare(inProcess, 2));
        assertEquals(0, a.code(), a.err());

        try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), 2)) {
            List<String> args = new ArrayList<>(Cli.tinyCompare(onCluster, 2, "--master", cluster.url()));
            args.addAll(Cli.loopback());
            args.addAll(List.of("--spark-conf", "spark.executor.extraClassPath=" + LocalCluster.classPath(), "--spark-conf",
                    "spark.executor.memory=512m",
                    // Start only once both executors are up, so that both Workers run a task when one is killed.
                    "--spark-conf", "spark.cores.max=2", "--spark-conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                    "--spark-conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=180s"));
            CompletableFuture<Cli> sweep = CompletableFuture.supplyAsync(() -> Cli.run(args));
            awaitTasksRunning(2, sweep);
            cluster.killWorker(1);
            Cli b = sweep.get(300, TimeUnit.SECONDS);
            assertEquals(0, b.code(), b.err() + "\n--- worker0:\n" + cluster.log("worker0"));
            Matcher m = Pattern.compile("spark: (\\d+) task attempt\\(s\\) failed and were retried, (\\d+) executor\\(s\\) lost").matcher(b.err());
            assertTrue(m.find() && Integer.parseInt(m.group(1)) >= 1 && Integer.parseInt(m.group(2)) >= 1, b.err());
        }
        assertEquals(1 + 4, Files.readAllLines(onCluster.resolve("ledger.jsonl")).size(), "header + every run once");
        assertEquals(Cli.testMious(inProcess), Cli.testMious(onCluster), "test mIoU of each run, bit for bit");
        assertEquals(Files.readString(inProcess.resolve("compare.csv")), Files.readString(onCluster.resolve("compare.csv")));
        assertEquals(Files.readString(inProcess.resolve("compare.md")), Files.readString(onCluster.resolve("compare.md")));
    }

    /** Waits (bounded) until the driver in this JVM has {@code n} tasks running: one on each 1-core Worker. */
    private static void awaitTasksRunning(int n, CompletableFuture<Cli> sweep) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (sweep.isDone()) throw new AssertionError("the sweep ended before " + n + " tasks ran at once: " + sweep.join().err());
            scala.Option<SparkContext> sc = SparkContext$.MODULE$.getActive(); // public in bytecode (private[spark] in Scala)
            if (sc.isDefined()) {
                JavaSparkStatusTracker t = JavaSparkContext.fromSparkContext(sc.get()).statusTracker();
                int running = 0;
                for (int id : t.getActiveStageIds()) {
                    SparkStageInfo s = t.getStageInfo(id);
                    if (s != null) running += s.numActiveTasks();
                }
                if (running >= n) return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("never " + n + " tasks running at once within 180 s");
    }
}
