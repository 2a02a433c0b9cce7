package org.segrad.cli.compare;

import java.io.IOException;
import java.util.List;

/**
 * Runs the runs of a sweep and hands each result to a {@link Sink} as it finishes. The in-process runner
 * ({@link InProcessSweepRunner}, the default) trains them one after the other in this JVM; a cluster runner
 * ({@link SweepRunnerProvider}, e.g. the spark module's) spreads them over machines. Both call {@link CompareRun}, so
 * the results are the same bits.
 */
public interface SweepRunner extends AutoCloseable {

    /** Receives each finished run, on the thread that called {@link #run}, in the order they finish. */
    @FunctionalInterface
    interface Sink {
        void accept(RunSpec spec, RunResult result) throws IOException;
    }

    /** Runs every spec of {@code todo}; returns when all have been handed to {@code sink}, throws at the first failed one. */
    void run(RunSettings settings, List<RunSpec> todo, Sink sink) throws Exception;

    /** Releases what the runner holds (a Spark context); the in-process runner holds nothing. */
    @Override
    default void close() {}
}
