package org.segrad.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.segrad.kernels.FmaPeak;

/**
 * The machine's one-thread float32 FMA peak as the Vector API sees it (16 independent accumulators).
 * GFLOP/s = ITERATIONS · FmaPeak.flopsPerIteration() / (ns per op) — 16 lanes: 512 FLOPs per iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class FmaPeakBenchmark {
    public static final long ITERATIONS = 1 << 20;

    @Benchmark
    public float fmaLoop() {
        return FmaPeak.run(ITERATIONS);
    }
}
