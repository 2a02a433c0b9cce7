package org.segrad.cli.compare;

import java.nio.file.Path;
import java.util.List;

/** The default {@link SweepRunner}: the runs one after the other in this JVM, checkpoints kept in {@code OUT/runs/}. */
public final class InProcessSweepRunner implements SweepRunner {
    private final Path out;

    public InProcessSweepRunner(Path out) {
        this.out = out;
    }

    @Override
    public void run(RunSettings settings, List<RunSpec> todo, Sink sink) throws Exception {
        for (RunSpec spec : todo) sink.accept(spec, CompareRun.run(settings, spec, out.resolve("runs").resolve(spec.dirName())));
    }
}
