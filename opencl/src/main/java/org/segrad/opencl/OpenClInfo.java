package org.segrad.opencl;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The device report: every OpenCL platform and device, and the tiled GEMM's speed on one device. On PoCL (OpenCL on
 * the CPU, what CI runs) the figure is a smoke test of the whole path, not a speed figure: PoCL is the correctness
 * oracle of this backend, and the Vector API kernels are far faster on the same cores.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp opencl/target/classes:vectorapi-kernels/target/classes \
 *      org.segrad.opencl.OpenClInfo [opencl:N] [gemm size, default 256]
 * </pre>
 */
public final class OpenClInfo {
    private OpenClInfo() {}

    public static void main(String[] args) {
        String device = args.length > 0 ? args[0] : "opencl:0";
        int size;
        try {
            size = args.length > 1 ? parseSize(args[1]) : 256;
            DeviceSpec.parse(device);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println(devicesReport());
        Devices.Selection s = Devices.select(device);
        if (s.device().isEmpty()) {
            System.out.println("no GEMM benchmark: " + s.fallbackReason().orElse("cpu asked for"));
            return;
        }
        try (ClContext ctx = ClContext.open(s.device().get())) {
            Gemm r = gemmBenchmark(ctx, size, 5);
            System.out.println(r.describe(ctx.device()));
        }
    }

    private static int parseSize(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= 8192) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("gemm size: expected an integer in [1, 8192], got '" + s + "'");
    }

    /** One line per platform/device, or the reason none is usable. */
    public static String devicesReport() {
        try {
            List<ClDevice> all = Devices.list();
            if (all.isEmpty()) return "OpenCL: no platform or device found";
            StringBuilder sb = new StringBuilder("OpenCL devices (" + all.size() + "):");
            for (ClDevice d : all) sb.append("\n  ").append(d.describe());
            return sb.toString();
        } catch (Devices.UnavailableException e) {
            return "OpenCL: unavailable: " + e.getMessage();
        }
    }

    /** The result of {@link #gemmBenchmark}: median seconds of one {@code n³} product and its GFLOP/s. */
    public record Gemm(int n, int reps, double medianSeconds) {
        public double gflops() { return 2.0 * n * n * n / medianSeconds / 1e9; }

        public String describe(ClDevice d) {
            String note = d.platform().contains("Portable Computing Language")
                    ? " (PoCL runs OpenCL on the CPU: a correctness oracle, not a speed figure)" : "";
            return String.format(Locale.ROOT, "GEMM %d^3 float32 on opencl:%d %s: %.2f GFLOP/s (median of %d, %.4f s incl."
                    + " launch and clFinish, no transfers)%s", n, d.index(), d.name(), gflops(), reps, medianSeconds, note);
        }
    }

    /** Times {@code C = A·B} ({@code n×n}, device-resident operands) {@code reps} times after two warm-up runs. */
    public static Gemm gemmBenchmark(ClContext ctx, int n, int reps) {
        if (reps < 1) throw new IllegalArgumentException("gemm benchmark: reps must be >= 1, got " + reps);
        Random r = new Random(7);
        float[] a = new float[n * n];
        for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
        double[] t = new double[reps];
        try (BufferScope s = ctx.scope()) {
            ClBuffer ba = s.upload(a), bb = s.upload(a), bc = s.floats((long) n * n);
            for (int w = 0; w < 2; w++) {
                ClLinear.gemm(ctx, false, false, n, n, n, ba, 0, bb, 0, bc, 0, false);
                ctx.finish();
            }
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                ClLinear.gemm(ctx, false, false, n, n, n, ba, 0, bb, 0, bc, 0, false);
                ctx.finish();
                t[i] = (System.nanoTime() - t0) / 1e9;
            }
        }
        Arrays.sort(t);
        return new Gemm(n, reps, t[reps / 2]);
    }
}
