package org.segrad.kernels;

import java.util.Random;
import org.segrad.kernels.ConvAlgorithm.Pass;

/**
 * Runs one convolution pass with a forced algorithm and compares it with the scalar twin.
 * Terms per output (for the {@link Tolerance} bound): forward {@code cIn·kh·kw}; backward-data at most
 * {@code cOut·kh·kw} products plus {@code kh·kw} col2im additions; backward-weight {@code n·outH·outW} products
 * plus one addition per thread partial.
 */
final class ConvParity {
    private ConvParity() {}

    static void check(ConvGeometry g, Pass pass, ConvAlgorithm alg, long seed) {
        Random r = new Random(seed);
        float[] x = Tolerance.random(r, g.inputSize()), w = Tolerance.random(r, g.weightSize());
        float[] dy = Tolerance.random(r, g.outputSize());
        int kk = g.kh() * g.kw();
        switch (pass) {
            case FORWARD -> {
                float[] expected = new float[g.outputSize()], actual = filled(g.outputSize()), abs = new float[g.outputSize()];
                ScalarConv2d.forward(g, x, w, expected);
                SimdConv2d.forward(g, x, w, actual, alg);
                ScalarConv2d.forward(g, Tolerance.abs(x), Tolerance.abs(w), abs);
                Tolerance.assertClose(alg + " forward " + g, expected, actual, abs, (long) g.cIn() * kk);
            }
            case BACKWARD_DATA -> {
                float[] expected = new float[g.inputSize()], actual = filled(g.inputSize()), abs = new float[g.inputSize()];
                ScalarConv2d.backwardData(g, dy, w, expected);
                SimdConv2d.backwardData(g, dy, w, actual, alg);
                ScalarConv2d.backwardData(g, Tolerance.abs(dy), Tolerance.abs(w), abs);
                Tolerance.assertClose(alg + " backwardData " + g, expected, actual, abs, (long) (g.cOut() + 1) * kk);
            }
            case BACKWARD_WEIGHT -> {
                float[] expected = new float[g.weightSize()], actual = filled(g.weightSize()), abs = new float[g.weightSize()];
                ScalarConv2d.backwardWeight(g, x, dy, expected);
                SimdConv2d.backwardWeight(g, x, dy, actual, alg);
                ScalarConv2d.backwardWeight(g, Tolerance.abs(x), Tolerance.abs(dy), abs);
                Tolerance.assertClose(alg + " backwardWeight " + g, expected, actual, abs, (long) g.n() * g.outH() * g.outW() + 4);
            }
        }
    }

    /** Outputs start as NaN so that an element the kernel forgets to write fails the comparison. */
    static float[] filled(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
    }
}
