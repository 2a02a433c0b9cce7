package org.segrad.kernels;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Child-JVM entry point of {@link JitDeterminismTest}: runs every float32 SIMD path on fixed inputs {@code rounds}
 * times and prints one hash of the last round's outputs.
 */
public final class DeterminismProbe {
    private DeterminismProbe() {}

    static long digest(int rounds) {
        long h = 17;
        for (int r = 0; r < rounds; r++) {
            h = 17;
            for (ConvGeometry g : new ConvGeometry[] {
                    ConvGeometry.of(2, 3, 17, 15, 5, 3, 1, 1, 1),            // direct
                    ConvGeometry.of(2, 1, 16, 16, 4, 3, 1, 1, 1),            // direct, one input channel
                    new ConvGeometry(2, 4, 16, 16, 3, 2, 2, 2, 2, 0, 0, 1, 1), // im2col (the transposed conv's shape)
                    ConvGeometry.of(2, 6, 9, 9, 2, 1, 1, 0, 1)}) {            // 1x1
                SplittableRandom rnd = new SplittableRandom(g.hashCode());
                float[] x = fill(rnd, g.inputSize()), w = fill(rnd, g.weightSize()), dy = fill(rnd, g.outputSize());
                float[] y = new float[g.outputSize()], dx = new float[g.inputSize()], dw = new float[g.weightSize()];
                Conv2dKernels.forward(g, x, w, y);
                Conv2dKernels.backwardData(g, dy, w, dx);
                Conv2dKernels.backwardWeight(g, x, dy, dw);
                h = 31 * h + Arrays.hashCode(y);
                h = 31 * h + Arrays.hashCode(dx);
                h = 31 * h + Arrays.hashCode(dw);
            }
            SplittableRandom rnd = new SplittableRandom(5);
            int m = 37, n = 29, k = 41;
            float[] a = fill(rnd, m * k), b = fill(rnd, k * n), c = new float[m * n];
            GemmKernels.gemm(false, false, m, n, k, a, 0, b, 0, c, 0, false);
            h = 31 * h + Arrays.hashCode(c);
            int bn = 3, ch = 4, hw = 70;
            float[] x = fill(rnd, bn * ch * hw), dy = fill(rnd, bn * ch * hw), y = new float[x.length], dx = new float[x.length];
            float[] gamma = fill(rnd, ch), beta = fill(rnd, ch);
            double[] mean = new double[ch], var = new double[ch], dg = new double[ch], db = new double[ch];
            BatchNormKernels.forward(ArrayKernels.FLOAT32, x, y, bn, ch, hw, true, gamma, beta, null, null, 0.1, 1e-5, false, mean, var);
            BatchNormKernels.backward(ArrayKernels.FLOAT32, ArrayKernels.FLOAT32, dy, x, dx, bn, ch, hw, true, gamma, mean, var, dg, db);
            h = 31 * h + Arrays.hashCode(y) + 7L * Arrays.hashCode(dx) + 11L * Arrays.hashCode(dg) + 13L * Arrays.hashCode(db);
        }
        return h;
    }

    private static float[] fill(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() * 2 - 1) * (float) Math.pow(10, r.nextInt(4) - 2);
        return a;
    }

    public static void main(String[] args) {
        System.out.println("digest " + digest(Integer.parseInt(args[0])));
    }
}
