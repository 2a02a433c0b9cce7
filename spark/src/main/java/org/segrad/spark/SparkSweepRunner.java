package org.segrad.spark;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.segrad.cli.compare.CompareRun;
import org.segrad.cli.compare.RunResult;
import org.segrad.cli.compare.RunSettings;
import org.segrad.cli.compare.RunSpec;
import org.segrad.cli.compare.SweepRunner;

/**
 * Runs a sweep on a Spark context: each run is a one-task job submitted at once (FIFO: they start in plan order as
 * cores free up), and the driver hands each result to the sink as its job finishes, so the ledger grows run by run.
 * A task whose executor dies is rescheduled by Spark on another executor (executor loss does not count against
 * {@code spark.task.maxFailures}); a run that fails (its code throws) fails the sweep after Spark's retries.
 */
final class SparkSweepRunner implements SweepRunner {
    private final JavaSparkContext sc;
    private final AtomicInteger failedAttempts = new AtomicInteger(), lostExecutors = new AtomicInteger();
    private final AtomicLong taskMillis = new AtomicLong();
    private final AtomicInteger succeeded = new AtomicInteger();
    private final double connectSeconds;

    SparkSweepRunner(JavaSparkContext sc, double connectSeconds) {
        this.sc = sc;
        this.connectSeconds = connectSeconds;
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd e) {
                if (!e.taskInfo().successful()) failedAttempts.incrementAndGet();
                else {
                    taskMillis.addAndGet(e.taskInfo().duration());
                    succeeded.incrementAndGet();
                }
            }

            @Override
            public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
                lostExecutors.incrementAndGet();
                System.err.println("  spark: executor " + e.executorId() + " removed (" + e.reason() + "); its tasks are rescheduled");
            }
        });
    }

    /** A run as a Spark function: the same {@link CompareRun} as in-process, checkpoints in a temporary folder. */
    static final class RunTask implements Function<RunSpec, RunResult> {
        private static final long serialVersionUID = 1L;
        private final RunSettings settings;

        RunTask(RunSettings settings) {
            this.settings = settings;
        }

        @Override
        public RunResult call(RunSpec spec) throws Exception {
            return CompareRun.runInTemp(settings, spec);
        }
    }

    @Override
    public void run(RunSettings settings, List<RunSpec> todo, Sink sink) throws Exception {
        Map<JavaFutureAction<List<RunResult>>, RunSpec> pending = new LinkedHashMap<>();
        RunTask task = new RunTask(settings);
        double runSeconds = 0;
        int done = 0;
        try {
            for (RunSpec spec : todo) {
                sc.setJobDescription("segrad " + spec.label());
                pending.put(sc.parallelize(List.of(spec), 1).map(task).collectAsync(), spec);
            }
            while (!pending.isEmpty()) {
                boolean any = false;
                for (Iterator<Map.Entry<JavaFutureAction<List<RunResult>>, RunSpec>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<JavaFutureAction<List<RunResult>>, RunSpec> e = it.next();
                    if (!e.getKey().isDone()) continue;
                    it.remove();
                    any = true;
                    RunResult r = result(e.getKey(), e.getValue());
                    runSeconds += r.seconds();
                    done++;
                    sink.accept(e.getValue(), r);
                }
                if (!any) Thread.sleep(50);
            }
        } finally {
            for (JavaFutureAction<List<RunResult>> f : pending.keySet()) f.cancel(true);
            // Listener events arrive asynchronously: wait (bounded) until every finished run's task end was seen.
            for (int i = 0; i < 40 && succeeded.get() < done; i++) Thread.sleep(50);
            if (done > 0 && succeeded.get() == done) {
                // A task's time on its executor (launch to result) less the run's own time: scheduling, (de)serialization.
                System.err.printf(Locale.ROOT, "  spark: connected in %.1f s; %d runs, %.1f ms per task outside the run%n", connectSeconds, done,
                        (taskMillis.get() / 1e3 - runSeconds) / done * 1e3);
            }
            if (failedAttempts.get() > 0 || lostExecutors.get() > 0) {
                System.err.println("  spark: " + failedAttempts.get() + " task attempt(s) failed and were retried, " + lostExecutors.get()
                        + " executor(s) lost");
            }
        }
    }

    private static RunResult result(JavaFutureAction<List<RunResult>> f, RunSpec spec) throws InterruptedException {
        try {
            return f.get().get(0);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            String why = String.valueOf(c.getMessage()).lines().findFirst().orElse(c.toString());
            throw new IllegalStateException("run " + spec.label() + " failed on the cluster: " + why, c);
        }
    }

    /** Task attempts that failed (and were retried) so far: lost with their executor, or thrown. */
    int failedAttempts() {
        return failedAttempts.get();
    }

    @Override
    public void close() {
        sc.close();
    }
}
