package org.segrad.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.segrad.opencl.OpenClTestSupport.assertClose;
import static org.segrad.opencl.OpenClTestSupport.random;

import org.junit.jupiter.api.Test;
import org.segrad.autodiff.ShapeOps;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.ArrayKernels;
import org.segrad.kernels.MaxPool2x2Kernels;
import org.segrad.kernels.ScalarRelu;

/** Elementwise ops, the sum, max-pool and concat against the CPU kernels and autodiff ops. */
class PointwiseParityTest {
    @Test
    void addMulReluAndReluBackward() {
        ClContext ctx = OpenClTestSupport.context();
        int n = 131;
        float[] a = random(40, n), b = random(41, n);
        a[0] = 0f;
        a[1] = -0f;
        float[] sum = new float[n], prod = new float[n], relu = new float[n], drelu = new float[n];
        for (int i = 0; i < n; i++) {
            sum[i] = a[i] + b[i];
            prod[i] = a[i] * b[i];
        }
        ScalarRelu.forward(a, relu, 0, n);
        ScalarRelu.backward(a, b, drelu, 0, n);
        try (BufferScope s = ctx.scope()) {
            ClBuffer ba = s.upload(a), bb = s.upload(b), y = s.floats(n);
            ClPointwise.add(ctx, n, ba, bb, y);
            assertClose("add", sum, y.readFloats());
            ClPointwise.mul(ctx, n, ba, bb, y);
            assertClose("mul", prod, y.readFloats());
            ClPointwise.relu(ctx, n, ba, y);
            assertArrayEquals(relu, y.readFloats(), "relu (exact)");
            ClPointwise.reluBackward(ctx, n, ba, bb, y);
            assertArrayEquals(drelu, y.readFloats(), "relu backward (exact)");
            ClPointwise.fill(ctx, n, y, 2.5f);
            for (float v : y.readFloats()) assertTrue(v == 2.5f, "fill");
        }
    }

    @Test
    void sumOverLengthsAroundTheWorkGroupSize() {
        ClContext ctx = OpenClTestSupport.context();
        for (int n : new int[] {1, 63, 64, 65, 1000, 4096 + 17, 20000}) {
            float[] x = random(50 + n, n);
            double expected = 0;
            for (float v : x) expected += v;
            try (BufferScope s = ctx.scope()) {
                float got = ClPointwise.sum(ctx, n, s.upload(x));
                assertClose("sum of " + n, new float[] {(float) expected}, new float[] {got});
            }
        }
    }

    @Test
    void maxPoolForwardAndBackwardWithOddSidesAndTies() {
        ClContext ctx = OpenClTestSupport.context();
        int n = 2, c = 3, h = 5, w = 7, out = n * c * (h / 2) * (w / 2);
        float[] x = random(60, n * c * h * w);
        x[1] = x[0];                     // a tie inside the first window: the first index wins
        x[w] = Float.NaN;                // two NaNs in the first window: the last one scanned wins, as on the CPU
        x[w + 1] = Float.NaN;
        float[] y = new float[out], dy = random(61, out), dx = new float[x.length];
        byte[] at = new byte[out];
        MaxPool2x2Kernels.forward(ArrayKernels.FLOAT32, x, y, at, n * c, h, w, h / 2, w / 2);
        MaxPool2x2Kernels.backward(ArrayKernels.FLOAT32, dy, at, dx, n * c, h, w, h / 2, w / 2);
        int[] argmax = new int[out];   // the CPU keeps the window position (2·di + dj); the device the flat index into x
        for (int k = 0; k < out; k++) {
            int p = k / ((h / 2) * (w / 2)), i = (k / (w / 2)) % (h / 2), j = k % (w / 2);
            argmax[k] = (p * h + 2 * i + at[k] / 2) * w + 2 * j + at[k] % 2;
        }
        try (BufferScope s = ctx.scope()) {
            ClBuffer by = s.floats(out), barg = s.ints(out), bdx = s.floats(dx.length);
            ClPointwise.maxPool2x2Forward(ctx, n, c, h, w, s.upload(x), by, barg);
            assertArrayEquals(y, by.readFloats(), "max-pool forward (exact, NaN included)");
            assertArrayEquals(argmax, barg.readInts(), "max-pool argmax");
            ClPointwise.maxPool2x2Backward(ctx, n, c, h, w, s.upload(dy), barg, bdx);
            assertArrayEquals(dx, bdx.readFloats(), "max-pool backward (exact)");
        }
    }

    @Test
    void concatAlongChannelsAndItsBackwardSlices() {
        ClContext ctx = OpenClTestSupport.context();
        int n = 2, ca = 3, cb = 2, hw = 6;
        float[] a = random(70, n * ca * hw), b = random(71, n * cb * hw);
        float[] expected = ShapeOps.concat(1, Tensor.fromArray(a, n, ca, hw), Tensor.fromArray(b, n, cb, hw)).toFloatArray();
        try (BufferScope s = ctx.scope()) {
            ClBuffer y = s.floats(expected.length), ga = s.floats(a.length), gb = s.floats(b.length);
            ClPointwise.concatChannels(ctx, n, hw, s.upload(a), ca, s.upload(b), cb, y);
            assertArrayEquals(expected, y.readFloats(), "concat (exact)");
            // concat's backward: the gradient's channel ranges copied back out.
            ClPointwise.channelCopy(ctx, n, hw, ca, y, ca + cb, 0, ga, ca, 0);
            ClPointwise.channelCopy(ctx, n, hw, cb, y, ca + cb, ca, gb, cb, 0);
            assertArrayEquals(a, ga.readFloats(), "slice of the first input");
            assertArrayEquals(b, gb.readFloats(), "slice of the second input");
        }
    }
}
