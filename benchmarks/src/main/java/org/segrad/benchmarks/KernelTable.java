package org.segrad.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.segrad.kernels.Conv2dKernels;
import org.segrad.kernels.ConvAlgorithm;
import org.segrad.kernels.ConvGeometry;
import org.segrad.kernels.FmaPeak;
import org.segrad.kernels.GemmKernels;
import org.segrad.kernels.Parallel;
import org.segrad.kernels.SimdSupport;

/**
 * Plain-main kernel table (no JMH): the FMA peak, GEMM 512³ against EJML, and every unet-small convolution pass
 * at 1 and 2 threads, as Markdown. Each number is the median of {@code reps} timed calls after warm-up; FLOPs are
 * 2 per multiply-add. Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * org.segrad.benchmarks.KernelTable [reps]}.
 */
public final class KernelTable {
    private KernelTable() {}

    /** Result of one measurement: median GFLOP/s, and the median ratio to the FMA probe timed right after each call. */
    record Measure(double gflops, double ofPeak) {}

    private static long probeIterations = 10_000;

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    /** Nanoseconds now: this thread's CPU time when {@code cpuTime}, else wall time. */
    private static long now(boolean cpuTime) {
        return cpuTime ? CPU.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /**
     * Times {@code body} {@code reps} times after a warm-up of at least 10 calls / 0.3 s, and after every timed call a
     * short FMA-peak probe; reports the median GFLOP/s and the median of the per-call ratios kernel/probe.
     * With one thread both are timed in this thread's CPU time, which does not count the time the (shared) machine
     * gives to other processes; with more threads the kernel's worker threads are not on this clock, so wall time
     * is used, and the 2-thread numbers carry the machine's load.
     */
    static Measure measure(Runnable body, double flops, int reps) {
        boolean cpuTime = Parallel.threads() == 1 && CPU.isCurrentThreadCpuTimeSupported();
        warmUp(body);
        double[] g = new double[reps], ratio = new double[reps];
        for (int r = 0; r < reps; r++) {
            long s = now(cpuTime);
            body.run();
            long dt = Math.max(1, now(cpuTime) - s);
            g[r] = flops / dt;
            long ps = now(cpuTime);
            float sink = FmaPeak.run(probeIterations);
            long pdt = Math.max(1, now(cpuTime) - ps);
            if (sink == 1.2345f) System.out.print("");
            double probe = (double) probeIterations * FmaPeak.flopsPerIteration() / pdt;
            ratio[r] = g[r] / probe;
        }
        Arrays.sort(g);
        Arrays.sort(ratio);
        return new Measure(g[reps / 2], ratio[reps / 2]);
    }

    /**
     * Runs {@code body} until the JIT has compiled it: at least 10 calls and 0.5 s, then on until the last call is
     * within 1.3× of the fastest seen (at most 10 s). Until C2 compiles a Vector API kernel it runs boxed, 10–100×
     * slower, and on a loaded machine the compiler threads can take seconds to get there.
     */
    static void warmUp(Runnable body) {
        long t0 = System.nanoTime(), best = Long.MAX_VALUE, last = Long.MAX_VALUE;
        for (int i = 0; ; i++) {
            long s = System.nanoTime();
            body.run();
            last = System.nanoTime() - s;
            best = Math.min(best, last);
            long spent = System.nanoTime() - t0;
            if (spent > 10_000_000_000L) return;
            if (i >= 10 && spent > 500_000_000L && last < 1.3 * best) return;
        }
    }

    static double gflops(Runnable body, double flops, int reps) {
        return measure(body, flops, reps).gflops();
    }

    /** One thread's FMA peak: median of 7 runs of the FMA loop (≈ 0.1 s each), in this thread's CPU time. */
    static double peakOneThread(boolean cpuTime) {
        long iters = 20_000_000L;
        for (int i = 0; i < 3; i++) FmaPeak.run(iters / 10);
        double[] g = new double[7];
        for (int r = 0; r < g.length; r++) {
            long s = now(cpuTime);
            float sink = FmaPeak.run(iters);
            g[r] = (double) iters * FmaPeak.flopsPerIteration() / Math.max(1, now(cpuTime) - s);
            if (sink == 1.2345f) System.out.print("");
        }
        Arrays.sort(g);
        return g[g.length / 2];
    }

    /** Aggregate FMA peak of {@code threads} threads running the FMA loop at once (wall time of each). */
    static double peak(int threads) throws InterruptedException {
        double[] res = new double[threads];
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int id = t;
            Thread th = new Thread(() -> res[id] = peakOneThread(false));
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) th.join();
        return Arrays.stream(res).sum();
    }

    public static void main(String[] args) throws Exception {
        print(args.length > 0 ? Integer.parseInt(args[0]) : 7);
    }

    /**
     * Prints the kernel tables (Markdown) on standard output: the FMA probe at 1 and 2 threads, GEMM 512³ against
     * EJML, every convolution of unet-small per pass at 1 and 2 threads with its % of the probe, and the FLOP-weighted
     * 3×3 totals; {@code reps} timed calls per row (median). Used by {@code segrad bench --kernels}. Leaves the
     * thread count at 1.
     */
    public static void print(int reps) throws InterruptedException {
        System.out.println("SIMD: " + SimdSupport.reason() + "; JDK " + Runtime.version() + "; "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        double peak1 = peakOneThread(true), peak1Wall = peak(1), peak2 = peak(2);
        probeIterations = Math.max(1000, (long) (peak1 * 5e6 / FmaPeak.flopsPerIteration())); // ≈ 5 ms per probe
        System.out.printf(Locale.ROOT, "%nFMA peak: 1 thread %.1f GFLOP/s (CPU time), %.1f (wall); 2 threads %.1f GFLOP/s (wall, x%.2f)%n%n",
                peak1, peak1Wall, peak2, peak2 / peak1Wall);

        int n = 512;
        Random rnd = new Random(1);
        FMatrixRMaj a = new FMatrixRMaj(n, n), b = new FMatrixRMaj(n, n), c = new FMatrixRMaj(n, n);
        for (int i = 0; i < n * n; i++) {
            a.data[i] = rnd.nextFloat() - 0.5f;
            b.data[i] = rnd.nextFloat() - 0.5f;
        }
        double gf = 2.0 * n * n * n;
        System.out.println("| GEMM 512³ | threads | GFLOP/s | % of 1-thread peak (probe) |");
        System.out.println("|---|---|---|---|");
        for (int t : new int[] {1, 2}) {
            Parallel.setThreads(t);
            Measure m = measure(() -> GemmKernels.gemm(false, false, n, n, n, a.data, 0, b.data, 0, c.data, 0, false), gf, reps);
            System.out.printf(Locale.ROOT, "| segrad | %d | %.1f | %.0f %% |%n", t, m.gflops(), 100 * m.ofPeak());
        }
        Measure me = measure(() -> CommonOps_FDRM.mult(a, b, c), gf, reps);
        System.out.printf(Locale.ROOT, "| EJML CommonOps_FDRM.mult | 1 | %.1f | %.0f %% |%n%n", me.gflops(), 100 * me.ofPeak());

        System.out.println("| shape (batch 4) | layers | pass | algorithm | GFLOP/s 1T | % of peak (probe) | GFLOP/s 2T | speed-up 2T/1T |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        double[][] sum3x3 = new double[3][3]; // per pass: flops, flops/ratio, seconds (1 thread), weighted by layer count
        for (UnetShapes.Shape s : UnetShapes.all()) {
            ConvGeometry g = s.g();
            Random r = new Random(2);
            float[] x = fill(r, g.inputSize()), w = fill(r, g.weightSize()), y = fill(r, g.outputSize());
            float[] dx = new float[g.inputSize()], dw = new float[g.weightSize()];
            double flops = 2.0 * g.macs();
            ConvAlgorithm.Pass[] passes = ConvAlgorithm.Pass.values();
            for (int p = 0; p < passes.length; p++) {
                ConvAlgorithm.Pass pass = passes[p];
                Runnable body = switch (pass) {
                    case FORWARD -> () -> Conv2dKernels.forward(g, x, w, y);
                    case BACKWARD_DATA -> () -> Conv2dKernels.backwardData(g, y, w, dx);
                    case BACKWARD_WEIGHT -> () -> Conv2dKernels.backwardWeight(g, x, y, dw);
                };
                Parallel.setThreads(1);
                Measure m1 = measure(body, flops, reps);
                double g1 = m1.gflops();
                Parallel.setThreads(2);
                double g2 = gflops(body, flops, reps);
                Parallel.setThreads(1);
                String label = s.transposed() ? pass + " (= convT " + convTRole(pass) + ")" : pass.toString();
                System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %.1f | %.0f %% | %.1f | x%.2f |%n", s.name(), s.layers(), label,
                        Conv2dKernels.algorithm(g, pass), g1, 100 * m1.ofPeak(), g2, g2 / g1);
                if (g.kh() == 3) {
                    // Time-weighted mean of the per-call ratio: Σ flops / Σ (flops / ratio).
                    sum3x3[p][0] += s.layers() * flops;
                    sum3x3[p][1] += s.layers() * flops / m1.ofPeak();
                    sum3x3[p][2] += s.layers() * flops / (g1 * 1e9);
                }
            }
        }
        System.out.println();
        System.out.println("| 3×3 convolutions, whole network (FLOP-weighted, 1 thread) | GFLOP/s | % of peak |");
        System.out.println("|---|---|---|");
        for (int p = 0; p < 3; p++) {
            double g = sum3x3[p][0] / sum3x3[p][2] / 1e9, ratio = sum3x3[p][0] / sum3x3[p][1];
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.0f %% |%n", ConvAlgorithm.Pass.values()[p], g, 100 * ratio);
        }
    }

    private static String convTRole(ConvAlgorithm.Pass pass) {
        return switch (pass) {
            case FORWARD -> "backward-data";
            case BACKWARD_DATA -> "forward";
            case BACKWARD_WEIGHT -> "backward-weight";
        };
    }

    private static float[] fill(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextFloat() - 0.5f;
        return a;
    }
}
