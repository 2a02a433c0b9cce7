package org.segrad.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.segrad.opencl.OpenClTestSupport.assertClose;
import static org.segrad.opencl.OpenClTestSupport.random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.ShapeOps;
import org.segrad.autodiff.Softmax;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.ArrayKernels;
import org.segrad.kernels.BatchNormKernels;
import org.segrad.kernels.ScalarRelu;

/** Batch norm (+ReLU) against {@code BatchNormKernels} (float32 table); softmax and cross-entropy against the autodiff ops. */
class NormalizationParityTest {
    private static final int N = 2, C = 3, HW = 45;
    private static final float EPS = 1e-5f;

    @ParameterizedTest(name = "relu={0}")
    @ValueSource(booleans = {false, true})
    void batchNormTrainForwardAndBackward(boolean relu) {
        ClContext ctx = OpenClTestSupport.context();
        int len = N * C * HW;
        float[] x = random(80, len), gamma = random(81, C), beta = random(82, C), dy = random(83, len);
        for (int i = 0; i < len; i++) x[i] = x[i] * 3 + 0.5f;   // mean and variance away from 0 and 1
        float[] y = new float[len], mean = new float[C], var = new float[C];
        double[] mu = new double[C], invStd = new double[C];
        BatchNormKernels.forward(ArrayKernels.FLOAT32, x, y, N, C, HW, true, gamma, beta, null, null, 0.1, EPS, relu, mu, invStd);
        for (int c = 0; c < C; c++) {
            mean[c] = (float) mu[c];
            var[c] = (float) (1 / (invStd[c] * invStd[c]) - EPS);
        }
        float[] g = dy;
        if (relu) {
            g = new float[len];
            ScalarRelu.backward(y, dy, g, 0, len);
        }
        float[] dx = new float[len], dgamma = new float[C], dbeta = new float[C];
        double[] sumG = new double[C], sumGX = new double[C];
        BatchNormKernels.backward(ArrayKernels.FLOAT32, ArrayKernels.FLOAT32, g, x, dx, N, C, HW, true, gamma, mu, invStd,
                sumG, sumGX);
        for (int c = 0; c < C; c++) {   // dγ = Σ g·x̂, dβ = Σ g (the kernel's per-channel sums)
            dgamma[c] = (float) sumGX[c];
            dbeta[c] = (float) sumG[c];
        }
        try (BufferScope s = ctx.scope()) {
            ClBuffer bx = s.upload(x), bg = s.upload(gamma), bb = s.upload(beta);
            ClBuffer by = s.floats(len), bm = s.floats(C), bv = s.floats(C);
            ClNormalization.bnForwardTrain(ctx, N, C, HW, bx, bg, bb, EPS, relu, by, bm, bv);
            assertClose("batch-norm y", y, by.readFloats());
            assertClose("batch-norm mean", mean, bm.readFloats());
            assertClose("batch-norm var", var, bv.readFloats());
            ClBuffer bdx = s.floats(len), bdg = s.floats(C), bdb = s.floats(C);
            ClNormalization.bnBackwardTrain(ctx, N, C, HW, bx, by, s.upload(dy), bg, bm, bv, EPS, relu, bdx, bdg, bdb);
            assertClose("batch-norm dx", dx, bdx.readFloats());
            assertClose("batch-norm dgamma", dgamma, bdg.readFloats());
            assertClose("batch-norm dbeta", dbeta, bdb.readFloats());
        }
    }

    @ParameterizedTest(name = "relu={0}")
    @ValueSource(booleans = {false, true})
    void batchNormEval(boolean relu) {
        ClContext ctx = OpenClTestSupport.context();
        int len = N * C * HW;
        float[] x = random(90, len), gamma = random(91, C), beta = random(92, C), rm = random(93, C), rv = random(94, C);
        for (int c = 0; c < C; c++) rv[c] = Math.abs(rv[c]) + 0.1f;
        float[] y = new float[len];
        BatchNormKernels.forward(ArrayKernels.FLOAT32, x, y, N, C, HW, false, gamma, beta, rm, rv, 0.1, EPS, relu,
                new double[C], new double[C]);
        try (BufferScope s = ctx.scope()) {
            ClBuffer by = s.floats(len);
            ClNormalization.bnForwardEval(ctx, N, C, HW, s.upload(x), s.upload(gamma), s.upload(beta), s.upload(rm),
                    s.upload(rv), EPS, relu, by);
            assertClose("batch-norm eval", y, by.readFloats());
        }
    }

    @Test
    void softmaxOverChannels() {
        ClContext ctx = OpenClTestSupport.context();
        float[] z = random(100, N * C * HW);
        for (int i = 0; i < z.length; i++) z[i] *= 8;
        float[] expected = Softmax.softmax(Tensor.fromArray(z, N, C, HW), 1).toFloatArray();
        try (BufferScope s = ctx.scope()) {
            ClBuffer p = s.floats(z.length);
            ClNormalization.softmaxChannels(ctx, N, C, HW, s.upload(z), p);
            assertClose("softmax", expected, p.readFloats());
        }
    }

    @Test
    void crossEntropyValueAndGradient() {
        ClContext ctx = OpenClTestSupport.context();
        float[] z = random(110, N * C * HW);
        for (int i = 0; i < z.length; i++) z[i] *= 5;
        int[] labels = new int[N * HW];
        double[] labelsD = new double[labels.length];
        for (int i = 0; i < labels.length; i++) labelsD[i] = labels[i] = (i * 7 + i / 5) % C;
        // Reference: −(1/P) Σ onehot ⊙ log_softmax(z), differentiated by autodiff.
        Tensor zt = Tensor.fromArray(z.clone(), N, C, HW).requiresGrad(true);
        Tensor onehot = ShapeOps.oneHot(Tensor.fromArray(labelsD, N, HW), C, DType.FLOAT32);
        Tensor loss = Softmax.logSoftmax(zt, 1).mul(onehot).sum().mul(-1.0 / (N * HW));
        loss.backward();
        try (BufferScope s = ctx.scope()) {
            ClBuffer dz = s.floats(z.length);
            float value = ClNormalization.crossEntropy(ctx, N, C, HW, s.upload(z), s.upload(labels), dz);
            assertClose("cross-entropy value", new float[] {(float) loss.item()}, new float[] {value});
            assertClose("cross-entropy gradient", zt.grad().toFloatArray(), dz.readFloats());
            labels[3] = C;
            float bad = ClNormalization.crossEntropy(ctx, N, C, HW, s.upload(z), s.upload(labels), dz);
            assertTrue(Float.isNaN(bad), "a label outside [0, C) gives NaN, got " + bad);
        }
    }
}
