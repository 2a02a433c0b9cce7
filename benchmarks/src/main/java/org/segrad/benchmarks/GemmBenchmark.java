package org.segrad.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.segrad.kernels.GemmKernels;
import org.segrad.kernels.Parallel;

/** C = A·B, 512³ float32: segrad's packed SIMD GEMM against EJML's SGEMM (CommonOps_FDRM.mult, one thread). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBenchmark {
    @Param({"512"})
    public int size;

    @Param({"1", "2"})
    public int threads;

    private FMatrixRMaj a, b, c;

    @Setup
    public void setup() {
        Random r = new Random(1);
        a = new FMatrixRMaj(size, size);
        b = new FMatrixRMaj(size, size);
        c = new FMatrixRMaj(size, size);
        for (int i = 0; i < size * size; i++) {
            a.data[i] = r.nextFloat() - 0.5f;
            b.data[i] = r.nextFloat() - 0.5f;
        }
        Parallel.setThreads(threads);
    }

    @Benchmark
    public float segrad() {
        GemmKernels.gemm(false, false, size, size, size, a.data, 0, b.data, 0, c.data, 0, false);
        return c.data[0];
    }

    @Benchmark
    public float ejml() {
        CommonOps_FDRM.mult(a, b, c);
        return c.data[0];
    }
}
