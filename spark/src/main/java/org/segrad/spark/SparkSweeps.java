package org.segrad.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.segrad.cli.compare.RunSettings;
import org.segrad.cli.compare.SweepRunner;
import org.segrad.cli.compare.SweepRunnerProvider;

/**
 * The Spark {@link SweepRunnerProvider} (registered in {@code META-INF/services}): {@code segrad compare --master URL}
 * connects here. One Spark task per run, {@code spark.task.cpus} = the run's {@code --threads}; the data paths are
 * checked on the executors before any run starts ({@link WorkerPaths}).
 */
public final class SparkSweeps implements SweepRunnerProvider {
    private static final Pattern MASTER = Pattern.compile("local(\\[(\\d+|\\*)(,\\d+)?])?|spark://[^,\\s]+(,[^,\\s]+)*");

    @Override
    public SweepRunner connect(String master, Map<String, String> conf, RunSettings settings) {
        if (!MASTER.matcher(master).matches()) {
            throw new IllegalArgumentException("--master must be local, local[N], local[*] or spark://HOST:PORT, got '" + master + "'");
        }
        for (String key : conf.keySet()) {
            if (!key.startsWith("spark.")) throw new IllegalArgumentException("--spark-conf keys start with 'spark.', got '" + key + "'");
        }
        SparkConf sc = new SparkConf().setMaster(master).setAppName("segrad compare")
                .set("spark.task.cpus", Integer.toString(settings.threads()))
                .set("spark.ui.enabled", "false");
        for (Map.Entry<String, String> e : conf.entrySet()) sc.set(e.getKey(), e.getValue());
        long t0 = System.nanoTime();
        JavaSparkContext jsc = new JavaSparkContext(sc);
        try {
            Map<String, String> paths = new LinkedHashMap<>();
            for (Path p : settings.data().inputPaths()) paths.put(p.toAbsolutePath().toString(), "--data");
            if (settings.init() != null) paths.put(settings.init(), "--init");
            List<String> errors = WorkerPaths.unreadable(jsc, paths);
            if (!errors.isEmpty()) throw new IllegalArgumentException(String.join("\n", errors));
            return new SparkSweepRunner(jsc, (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException e) {
            jsc.close();
            throw e;
        }
    }
}
