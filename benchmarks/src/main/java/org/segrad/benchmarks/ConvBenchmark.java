package org.segrad.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.segrad.kernels.Conv2dKernels;
import org.segrad.kernels.ConvGeometry;
import org.segrad.kernels.Parallel;

/**
 * Every unet-small convolution shape at batch 4 ({@link UnetShapes}), three passes, 1 and 2 threads.
 * GFLOP/s = 2·g.macs() / (time per op); {@link KernelTable} prints that table directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ConvBenchmark {
    @Param({"enc0a", "enc0b_dec1b", "enc1a", "enc1b_dec2b", "enc2a", "enc2b_dec3b", "enc3a", "enc3b", "dec3a", "dec2a",
            "dec1a", "up3", "up2", "up1", "head"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private ConvGeometry g;
    private float[] x, w, y, dx, dw;

    @Setup
    public void setup() {
        g = UnetShapes.byKey().get(shape).g();
        Random r = new Random(1);
        x = new float[g.inputSize()];
        w = new float[g.weightSize()];
        y = new float[g.outputSize()];
        dx = new float[g.inputSize()];
        dw = new float[g.weightSize()];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - 0.5f;
        for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - 0.5f;
        for (int i = 0; i < y.length; i++) y[i] = r.nextFloat() - 0.5f;
        Parallel.setThreads(threads);
    }

    @Benchmark
    public float forward() {
        Conv2dKernels.forward(g, x, w, y);
        return y[0];
    }

    @Benchmark
    public float backwardData() {
        Conv2dKernels.backwardData(g, y, w, dx);
        return dx[0];
    }

    @Benchmark
    public float backwardWeight() {
        Conv2dKernels.backwardWeight(g, x, y, dw);
        return dw[0];
    }
}
