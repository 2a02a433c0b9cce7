package org.segrad.spark;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Checks up front that every executor can read the sweep's input files (folder or NIfTI data, {@code --init}
 * weights): built-in data is generated wherever a run executes, but files must be at a path every worker can read, a
 * shared filesystem. A probe job of {@code 4 × defaultParallelism} one-element tasks, so every executor that is up
 * runs at least one in practice (Spark places tasks where a core is free; the check is as wide as the cluster is at
 * the start).
 */
final class WorkerPaths {
    private WorkerPaths() {}

    /** One line per (worker, path) that cannot be read, naming the flag; empty when all can (or there is nothing to read). */
    static List<String> unreadable(JavaSparkContext sc, Map<String, String> pathToFlag) {
        if (pathToFlag.isEmpty()) return List.of();
        int tasks = 4 * Math.max(1, sc.defaultParallelism());
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < tasks; i++) ids.add(i);
        List<String> paths = new ArrayList<>(pathToFlag.keySet());
        List<String> bad = sc.parallelize(ids, tasks).mapPartitions(it -> {
            List<String> out = new ArrayList<>();
            for (String p : paths) {
                if (!Files.isReadable(Path.of(p))) out.add(host() + " (executor " + SparkEnv.get().executorId() + ")\t" + p);
            }
            return out.iterator();
        }).distinct().collect();
        List<String> lines = new ArrayList<>();
        for (String b : new TreeSet<>(bad)) {
            String[] f = b.split("\t", 2);
            lines.add(pathToFlag.get(f[1]) + ": worker " + f[0] + " cannot read " + f[1]
                    + " (data files must be at a path every worker can read, e.g. a shared filesystem)");
        }
        return lines;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
