package org.segrad.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segrad.autodiff.Device;
import org.segrad.kernels.FmaPeak;
import org.segrad.kernels.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.segrad.benchmarks.KernelTable;
import org.segrad.benchmarks.UnetBench;

/**
 * {@code segrad bench}: the unet-small training step (SPEC §3, §7) and inference of the same batch, at one or more
 * thread counts; median wall time, GFLOP/s (convolution FLOPs only) and % of this machine's FMA peak as measured by
 * {@link FmaPeak}; peak heap (memory-pool peaks) and peak RSS (VmHWM); a per-op forward/backward breakdown from
 * {@link org.segrad.autodiff.Profiler}. {@code --json} prints one JSON object instead of the tables.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time the unet-small train step and inference (median after warm-up), GFLOP/s, %% of FMA peak, "
                + "peak heap and RSS, and a per-op profile.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--batch", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batch = 4;

    @Option(names = "--size", description = "Image height and width (default: ${DEFAULT-VALUE}).")
    int size = 128;

    @Option(names = "--base", description = "Width of the first U-Net level (default: ${DEFAULT-VALUE}).")
    int base = 16;

    @Option(names = "--depth", description = "U-Net levels (default: ${DEFAULT-VALUE}).")
    int depth = 4;

    @Option(names = "--steps", description = "Timed steps per measurement; the median is reported (default: ${DEFAULT-VALUE}).")
    int steps = 20;

    @Option(names = "--warmup", description = "Untimed steps before each measurement (default: ${DEFAULT-VALUE}).")
    int warmup = 5;

    @Option(names = "--threads", split = ",", description = "Compute thread counts to measure, comma-separated (default: 1,2).")
    int[] threads = {1, 2};

    @Option(names = "--profile-steps", description = "Steps of the per-op profile, at the first thread count; 0 = no profile "
            + "(default: ${DEFAULT-VALUE}).")
    int profileSteps = 5;

    @Option(names = "--no-inference", negatable = true, description = "Skip the inference measurement.")
    boolean inference = true;

    @Option(names = "--json", description = "Print one JSON object instead of tables.")
    boolean json;

    @Option(names = "--kernels", description = "Then print the kernel tables (Markdown): FMA probe at 1 and 2 threads, GEMM "
            + "512³, every convolution of unet-small per pass at 1 and 2 threads with its %% of the probe (about 2 minutes).")
    boolean kernels;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Override
    public Integer call() throws IOException, InterruptedException {
        validate();
        Device dev = device.resolve();
        boolean cpu = dev.isCpu();
        resetPeakRss();
        // On a device the CPU's FMA peak says nothing, the host threads do not change the kernels, and the per-op profile
        // would time the enqueueing (kernels run asynchronously): one run, GFLOP/s only.
        double peak = cpu ? FmaPeak.measureGflops(5) : Double.NaN;
        int[] counts = cpu ? threads : new int[] {threads[0]};
        long fwd = UnetBench.forwardFlops(base, depth, size);
        double trainGflop = 3.0 * fwd * batch / 1e9, inferGflop = (double) fwd * batch / 1e9;
        UnetBench b = new UnetBench(batch, size, base, depth, dev);
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
        int saved = Parallel.threads();
        List<Map<String, Object>> runs = new ArrayList<>();
        List<UnetBench.OpTime> profile = List.of();
        try {
            for (int ti = 0; ti < counts.length; ti++) {
                int t = counts[ti];
                Parallel.setThreads(t);
                double[] gcAlloc = new double[2];
                // On a device the transfers of the timed steps are counted (the warm-up's first step uploads each
                // convolution geometry once).
                if (!cpu) UnetBench.time(b::trainStep, warmup, 0, null);
                long moved = cpu ? 0 : dev.backend().transfers();
                double[] train = UnetBench.time(b::trainStep, cpu ? warmup : 0, steps, gcAlloc);
                moved = cpu ? 0 : dev.backend().transfers() - moved;
                double[] infer = inference ? UnetBench.time(b::inference, warmup, steps, null) : null;
                Map<String, Object> r = new LinkedHashMap<>();
                double med = UnetBench.median(train);
                r.put("threads", t);
                r.put("train_step_median_s", med);
                r.put("train_step_min_s", min(train));
                r.put("train_gflops_per_s", trainGflop / med);
                if (cpu) r.put("train_pct_of_fma_peak", 100 * trainGflop / med / (peak * t));
                else r.put("train_transfers_per_step", (double) moved / steps);
                r.put("train_gc_ms_per_step", gcAlloc[0] / steps);
                r.put("train_alloc_mib_per_step", gcAlloc[1] / 1048576.0);
                if (infer != null) {
                    double im = UnetBench.median(infer);
                    r.put("infer_median_s", im);
                    r.put("infer_min_s", min(infer));
                    r.put("infer_gflops_per_s", inferGflop / im);
                    if (cpu) r.put("infer_pct_of_fma_peak", 100 * inferGflop / im / (peak * t));
                }
                runs.add(r);
                if (ti == 0 && profileSteps > 0 && cpu) profile = b.profile(profileSteps);
            }
        } finally {
            Parallel.setThreads(saved);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("engine", "segrad");
        out.put("device", dev.name());
        out.put("device_name", dev.description());
        out.put("java", System.getProperty("java.version"));
        out.put("batch", batch);
        out.put("size", size);
        out.put("base", base);
        out.put("depth", depth);
        out.put("params", b.parameterCount());
        out.put("steps", steps);
        out.put("warmup", warmup);
        out.put("train_gflop_per_step", trainGflop);
        out.put("infer_gflop_per_batch", inferGflop);
        if (cpu) out.put("fma_peak_1thread_gflops", peak);
        out.put("runs", runs);
        out.put("peak_heap_mib", peakHeapBytes() / 1048576.0);
        out.put("max_heap_mib", Runtime.getRuntime().maxMemory() / 1048576.0);
        out.put("gc", gcNames());
        out.put("workspace_pooled_mib", b.workspacePooledBytes() / 1048576.0);
        out.put("peak_rss_mib", procStatusKib("VmHWM") / 1024.0);
        out.put("rss_mib", procStatusKib("VmRSS") / 1024.0);
        List<Map<String, Object>> prof = new ArrayList<>();
        for (UnetBench.OpTime o : profile) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", o.op());
            m.put("calls", o.callsPerStep());
            m.put("forward_ms", o.forwardMs());
            m.put("backward_ms", o.backwardMs());
            m.put("inference_ms", o.inferenceMs());
            prof.add(m);
        }
        out.put("profile_threads", threads[0]);
        out.put("profile", prof);
        if (json) System.out.println(Json.write(out));
        else printTables(out, runs, profile);
        if (kernels) {
            System.out.println();
            KernelTable.print(7);
        }
        return 0;
    }

    private void validate() {
        if (batch < 1) throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        if (depth < 1 || depth > 8) throw new IllegalArgumentException("--depth must be in 1..8, got " + depth);
        if (base < 1) throw new IllegalArgumentException("--base must be >= 1, got " + base);
        int m = 1 << (depth - 1);
        if (size < m || size % m != 0) {
            throw new IllegalArgumentException("--size must be a positive multiple of 2^(depth-1) = " + m + ", got " + size);
        }
        if (steps < 1) throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
        if (warmup < 0) throw new IllegalArgumentException("--warmup must be >= 0, got " + warmup);
        if (profileSteps < 0) throw new IllegalArgumentException("--profile-steps must be >= 0, got " + profileSteps);
        if (kernels && json) throw new IllegalArgumentException("--kernels prints Markdown tables and cannot go with --json");
        if (threads.length == 0) throw new IllegalArgumentException("--threads must list at least one count");
        for (int t : threads) if (t < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + t);
    }

    private static void printTables(Map<String, Object> out, List<Map<String, Object>> runs, List<UnetBench.OpTime> profile) {
        System.out.printf(Locale.ROOT, "unet-small: batch %s, %sx%s, base %s, depth %s, %s parameters, Java %s%n", out.get("batch"),
                out.get("size"), out.get("size"), out.get("base"), out.get("depth"), out.get("params"), out.get("java"));
        System.out.printf(Locale.ROOT, "device: %s%n", out.get("device_name"));
        Object peak = out.get("fma_peak_1thread_gflops");
        System.out.printf(Locale.ROOT, "FLOPs (convolutions only): train step %.2f GFLOP, inference %.2f GFLOP; FMA peak (1 thread) %s%n",
                out.get("train_gflop_per_step"), out.get("infer_gflop_per_batch"),
                peak == null ? "not measured (a device run)" : fmt("%.1f GFLOP/s", peak));
        System.out.printf(Locale.ROOT, "%n%7s %12s %10s %8s %9s %12s %10s %8s%n", "threads", "step med s", "GFLOP/s", "% peak",
                "GC ms/st", "infer med s", "GFLOP/s", "% peak");
        for (Map<String, Object> r : runs) {
            System.out.printf(Locale.ROOT, "%7d %12.4f %10.2f %8s %9.1f %12s %10s %8s%n", r.get("threads"), r.get("train_step_median_s"),
                    r.get("train_gflops_per_s"), fmt("%.1f%%", r.get("train_pct_of_fma_peak")), r.get("train_gc_ms_per_step"),
                    fmt("%.4f", r.get("infer_median_s")), fmt("%.1f", r.get("infer_gflops_per_s")),
                    fmt("%.1f%%", r.get("infer_pct_of_fma_peak")));
        }
        Object moved = runs.get(0).get("train_transfers_per_step");
        if (moved == null) System.out.printf(Locale.ROOT, "(%% peak = GFLOP/s / (threads x 1-thread FMA peak))%n");
        else System.out.printf(Locale.ROOT, "host<->device transfers per timed train step: %.1f (the batch stays on the device; the "
                + "first step of a run also uploads each convolution geometry once)%n", moved);
        System.out.printf(Locale.ROOT, "%npeak heap %.0f MiB (max %.0f MiB, %s), peak RSS %.0f MiB; workspace pool %.0f MiB%n",
                out.get("peak_heap_mib"), out.get("max_heap_mib"), out.get("gc"), out.get("peak_rss_mib"), out.get("workspace_pooled_mib"));
        System.out.printf(Locale.ROOT, "main thread allocates %.1f MiB per train step%s%n", runs.get(0).get("train_alloc_mib_per_step"),
                String.valueOf(out.get("gc")).contains("G1") || String.valueOf(out.get("gc")).contains("PS ")
                        ? " (G1/Parallel grow the heap on the JIT warm-up's garbage; the launcher's default is -XX:+UseSerialGC)" : "");
        if (profile.isEmpty()) return;
        System.out.printf(Locale.ROOT, "%nper-op profile at %s thread(s), ms per step (forward = time since the previous op ended):%n",
                out.get("profile_threads"));
        System.out.printf(Locale.ROOT, "%-22s %6s %10s %10s %10s %10s%n", "op", "calls", "forward", "backward", "total", "inference");
        double f = 0, bw = 0, inf = 0;
        for (UnetBench.OpTime o : profile) {
            System.out.printf(Locale.ROOT, "%-22s %6d %10.2f %10.2f %10.2f %10.2f%n", o.op(), o.callsPerStep(), o.forwardMs(),
                    o.backwardMs(), o.forwardMs() + o.backwardMs(), o.inferenceMs());
            f += o.forwardMs();
            bw += o.backwardMs();
            inf += o.inferenceMs();
        }
        System.out.printf(Locale.ROOT, "%-22s %6s %10.2f %10.2f %10.2f %10.2f%n", "total", "", f, bw, f + bw, inf);
    }

    private static String fmt(String f, Object v) {
        return v == null ? "-" : String.format(Locale.ROOT, f, v);
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) m = Math.min(m, d);
        return m;
    }

    /** Σ of the heap memory pools' peak usage since the last reset. */
    private static long peakHeapBytes() {
        long s = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) s += p.getPeakUsage().getUsed();
        }
        return s;
    }

    /** The garbage collectors' names, comma-separated (e.g. "Copy, MarkSweepCompact" for the serial collector). */
    private static String gcNames() {
        List<String> names = new ArrayList<>();
        for (java.lang.management.GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) names.add(g.getName());
        return String.join(", ", names);
    }

    /** Resets VmHWM to the current RSS (Linux: "5" into /proc/self/clear_refs); silently does nothing elsewhere. */
    private static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux, or not permitted: VmHWM then covers the whole process lifetime
        }
    }

    /** A "Key: N kB" line of /proc/self/status in KiB, or -1 where there is none (not Linux). */
    static long procStatusKib(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").trim());
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
