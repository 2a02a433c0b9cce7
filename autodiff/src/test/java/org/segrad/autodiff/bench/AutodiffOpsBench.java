package org.segrad.autodiff.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.segrad.autodiff.BatchNorm;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Pooling;
import org.segrad.autodiff.ShapeOps;
import org.segrad.autodiff.Tensor;

/**
 * Times the non-convolution ops of one unet-small training step (SPEC §3) in float32, forward and forward+backward.
 * Not a test (surefire runs *Test, *Tests, *Properties only). Run after {@code mvn -q test-compile -pl
 * vectorapi-kernels,autodiff}:
 *
 * <pre>
 * java -cp autodiff/target/classes:autodiff/target/test-classes:vectorapi-kernels/target/classes \
 *      org.segrad.autodiff.bench.AutodiffOpsBench [warmup=15] [runs=15]
 * </pre>
 *
 * Prints the median and min wall milliseconds of each op after warm-up, and the median CPU time of the calling
 * thread (less sensitive to other processes on a shared machine; GC work on other threads is not in it). Shapes: the U-Net's largest activation
 * [4, 16, 128, 128] (1 Mi values) for single ops, [4, 2, 128, 128] logits for the loss, and the whole non-conv path
 * of a step with cheap stand-ins for the convolutions.
 */
public final class AutodiffOpsBench {
    private static int warmup = 15, runs = 15;

    private AutodiffOpsBench() {}

    public static void main(String[] args) {
        if (args.length > 0) warmup = Integer.parseInt(args[0]);
        if (args.length > 1) runs = Integer.parseInt(args[1]);
        DType f = DType.FLOAT32;
        int[] big = {4, 16, 128, 128};
        Tensor x = Tensor.normal(f, 1, 0.3, 1.5, big).requiresGrad(true);
        Tensor x2 = Tensor.normal(f, 2, -0.2, 1.0, big).requiresGrad(true);
        Tensor gamma = Tensor.uniform(f, 3, 0.5, 1.5, 16).requiresGrad(true);
        Tensor beta = Tensor.uniform(f, 4, -0.5, 0.5, 16).requiresGrad(true);
        Tensor rm = Tensor.zeros(f, 16), rv = Tensor.ones(f, 16);
        Tensor c1 = Tensor.uniform(f, 5, -1, 1, 1, 16, 1, 1).requiresGrad(true);
        Tensor c2 = Tensor.uniform(f, 6, 0.5, 1.5, 16, 1, 1).requiresGrad(true);
        Tensor seed = Tensor.normal(f, 7, 0, 1, big);
        Tensor seedPool = Tensor.normal(f, 8, 0, 1, 4, 16, 64, 64);
        Tensor seedCat = Tensor.normal(f, 9, 0, 1, 4, 32, 128, 128);
        Tensor logits = Tensor.normal(f, 10, 0, 2, 4, 2, 128, 128).requiresGrad(true);
        Tensor labels = Tensor.zeros(f, 4, 128, 128);
        java.util.Random r = new java.util.Random(11);
        for (int i = 0; i < labels.numel(); i++) labels.set(i, r.nextInt(2));

        List<String[]> rows = new ArrayList<>();
        rows.add(time("batch_norm2d train fwd [4,16,128,128]", () -> BatchNorm.batchNorm2d(x, gamma, beta, rm, rv, true, 0.1, 1e-5)));
        rows.add(time("batch_norm2d train fwd+bwd", () -> {
            clear(x, gamma, beta);
            BatchNorm.batchNorm2d(x, gamma, beta, rm, rv, true, 0.1, 1e-5).backward(seed);
        }));
        rows.add(time("relu fwd", x::relu));
        rows.add(time("relu fwd+bwd", () -> { clear(x); x.relu().backward(seed); }));
        rows.add(time("max_pool2d 2x2 s2 fwd", () -> Pooling.maxPool2d(x, 2, 2, 0)));
        rows.add(time("max_pool2d 2x2 s2 fwd+bwd", () -> { clear(x); Pooling.maxPool2d(x, 2, 2, 0).backward(seedPool); }));
        rows.add(time("concat 2 on channels fwd", () -> ShapeOps.concat(1, x, x2)));
        rows.add(time("concat 2 on channels fwd+bwd", () -> { clear(x, x2); ShapeOps.concat(1, x, x2).backward(seedCat); }));
        rows.add(time("add [1,C,1,1] fwd", () -> x.add(c1)));
        rows.add(time("add [1,C,1,1] fwd+bwd", () -> { clear(x, c1); x.add(c1).backward(seed); }));
        rows.add(time("mul [C,1,1] fwd", () -> x.mul(c2)));
        rows.add(time("mul [C,1,1] fwd+bwd", () -> { clear(x, c2); x.mul(c2).backward(seed); }));
        rows.add(time("add same shape fwd+bwd", () -> { clear(x, x2); x.add(x2).backward(seed); }));
        rows.add(time("sum fwd", x::sum));
        rows.add(time("sum fwd+bwd", () -> { clear(x); x.sum().backward(); }));
        rows.add(time("mean over (0,2,3) keepdim fwd+bwd", () -> {
            clear(x);
            x.mean(new int[] {0, 2, 3}, true).sum().backward();
        }));
        rows.add(time("CE: log_softmax(1)+one_hot+sum+mean [4,2,128,128] fwd", () -> crossEntropy(logits, labels)));
        rows.add(time("CE fwd+bwd", () -> { clear(logits); crossEntropy(logits, labels).backward(); }));
        rows.add(time("fan-out: h=relu(x), h+h+h+h fwd+bwd (3 grad sums)", () -> {
            clear(x);
            Tensor h = x.relu();
            h.add(h).add(h).add(h).backward(seed);
        }));
        UNetPath path = new UNetPath();
        rows.add(time("unet-small non-conv path fwd", () -> path.forward()));
        rows.add(time("unet-small non-conv path fwd+bwd", () -> { path.clear(); path.forward().backward(); }));

        System.out.printf(Locale.ROOT, "%-58s %10s %10s %10s%n", "op (float32, warmup " + warmup + ", runs " + runs + ")",
                "median ms", "min ms", "cpu ms");
        for (String[] row : rows) System.out.printf(Locale.ROOT, "%-58s %10s %10s %10s%n", row[0], row[1], row[2], row[3]);
    }

    static Tensor crossEntropy(Tensor logits, Tensor labels) {
        Tensor oneHot = ShapeOps.oneHot(labels, logits.dim(1), logits.dtype());
        return oneHot.mul(logits.logSoftmax(1)).sum(new int[] {1}, false).mean().neg();
    }

    private static void clear(Tensor... ts) {
        for (Tensor t : ts) t.zeroGrad();
    }

    /** Median wall ms, min wall ms, median thread-CPU ms (robust when other processes share the cores). */
    private static String[] time(String name, Runnable op) {
        for (int i = 0; i < warmup; i++) op.run();
        double[] ms = new double[runs], cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = THREADS.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            op.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        return new String[] {name, fmt(ms[runs / 2]), fmt(ms[0]), fmt(cpu[runs / 2])};
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * The non-conv ops of unet-small (base 16, depth 4, batch 4, 128×128) on the real shapes: batch-norm + relu
     * twice per block, max-pool, transposed-conv bias, concat [skip, up], head bias, cross-entropy. Convolutions are
     * replaced by cheap differentiable stand-ins that produce the right shape (concat(h, h) to double channels, a
     * channel slice to halve them, concat + reshape for the 2× up-sampling), so their cost is included too.
     */
    static final class UNetPath {
        final DType f = DType.FLOAT32;
        final Tensor input = Tensor.normal(f, 20, 0, 1, 4, 16, 128, 128).requiresGrad(true);
        final List<Tensor> params = new ArrayList<>();
        final Tensor labels = Tensor.zeros(f, 4, 128, 128);
        int next;

        UNetPath() {
            java.util.Random r = new java.util.Random(21);
            for (int i = 0; i < labels.numel(); i++) labels.set(i, r.nextInt(2));
        }

        void clear() {
            input.zeroGrad();
            for (Tensor p : params) p.zeroGrad();
        }

        private Tensor param(double lo, double hi, int... shape) {
            if (next < params.size()) return params.get(next++);
            Tensor p = Tensor.uniform(f, 100 + next, lo, hi, shape).requiresGrad(true);
            params.add(p);
            next++;
            return p;
        }

        private Tensor block(Tensor h) {
            int c = h.dim(1);
            for (int k = 0; k < 2; k++) {
                h = BatchNorm.batchNorm2d(h, param(0.5, 1.5, c), param(-0.5, 0.5, c), null, null, true, 0.1, 1e-5).relu();
            }
            return h;
        }

        private Tensor up(Tensor h) {
            int n = h.dim(0), c = h.dim(1), s = h.dim(2);
            Tensor u = ShapeOps.concat(1, h, h).reshape(n, c / 2, 2 * s, 2 * s);
            return u.add(param(-0.1, 0.1, 1, c / 2, 1, 1));
        }

        Tensor forward() {
            next = 0;
            Tensor[] skips = new Tensor[4];
            Tensor h = input;
            for (int l = 0; l < 4; l++) {
                if (l > 0) {
                    Tensor p = Pooling.maxPool2d(h, 2, 2, 0);
                    h = ShapeOps.concat(1, p, p);
                }
                h = block(h);
                skips[l] = h;
            }
            for (int l = 3; l >= 1; l--) {
                Tensor cat = ShapeOps.concat(1, skips[l - 1], up(h));
                int w = skips[l - 1].dim(1);
                h = block(ShapeOps.slice(cat, 1, w / 2, w / 2 + w));
            }
            Tensor logits = ShapeOps.slice(h, 1, 0, 2).add(param(-0.1, 0.1, 1, 2, 1, 1));
            return crossEntropy(logits, labels);
        }
    }
}
