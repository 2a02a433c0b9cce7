package org.segrad.opencl;

import static org.segrad.opencl.OpenClTestSupport.assertClose;
import static org.segrad.opencl.OpenClTestSupport.random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.segrad.kernels.ConvGeometry;
import org.segrad.kernels.ScalarConv2d;

/**
 * Convolutions against {@code ScalarConv2d}: the U-Net's 3×3 padding 1 and 1×1, forward, backward-data and
 * backward-weight; the 2×2 stride-2 transposed conv forward and backward; the bias add.
 */
class ConvParityTest {
    @ParameterizedTest(name = "k={0} pad={1} stride={2}")
    @CsvSource({"3, 1, 1", "1, 0, 1", "3, 1, 2"})
    void forwardBackwardDataAndBackwardWeight(int k, int pad, int stride) {
        ClContext ctx = OpenClTestSupport.context();
        ConvGeometry g = ConvGeometry.of(2, 3, 7, 6, 4, k, stride, pad, 1);
        float[] x = random(10, g.inputSize()), w = random(11, g.weightSize()), dy = random(12, g.outputSize());
        float[] y = new float[g.outputSize()], dx = new float[g.inputSize()], dw = new float[g.weightSize()];
        ScalarConv2d.forward(g, x, w, y);
        ScalarConv2d.backwardData(g, dy, w, dx);
        ScalarConv2d.backwardWeight(g, x, dy, dw);
        try (BufferScope s = ctx.scope()) {
            ClBuffer bx = s.upload(x), bw = s.upload(w), bdy = s.upload(dy);
            ClBuffer by = s.floats(y.length), bdx = s.floats(dx.length), bdw = s.floats(dw.length);
            ClLinear.conv2dForward(ctx, g, bx, bw, by);
            ClLinear.conv2dBackwardData(ctx, g, bdy, bw, bdx);
            ClLinear.conv2dBackwardWeight(ctx, g, bx, bdy, bdw);
            assertClose("conv2d forward", y, by.readFloats());
            assertClose("conv2d backward-data", dx, bdx.readFloats());
            assertClose("conv2d backward-weight", dw, bdw.readFloats());
        }
    }

    @Test
    void transposedConv2x2Stride2() {
        ClContext ctx = OpenClTestSupport.context();
        int n = 2, cIn = 4, h = 3, w = 5, cOut = 3;
        ConvGeometry g = ClLinear.transposedGeometry(n, cIn, h, w, cOut, 2, 2, 0);
        float[] x = random(20, n * cIn * h * w), wt = random(21, cIn * cOut * 4), dy = random(22, n * cOut * 6 * 10);
        // The CPU path of autodiff's convTranspose2d: y = backwardData, ∂x = forward, ∂w = backwardWeight(g, ∂y, x).
        float[] y = new float[dy.length], dx = new float[x.length], dw = new float[wt.length];
        ScalarConv2d.backwardData(g, x, wt, y);
        ScalarConv2d.forward(g, dy, wt, dx);
        ScalarConv2d.backwardWeight(g, dy, x, dw);
        try (BufferScope s = ctx.scope()) {
            ClBuffer bx = s.upload(x), bw = s.upload(wt), bdy = s.upload(dy);
            ClBuffer by = s.floats(y.length), bdx = s.floats(dx.length), bdw = s.floats(dw.length);
            ClLinear.convTranspose2dForward(ctx, g, bx, bw, by);
            ClLinear.convTranspose2dBackward(ctx, g, bx, bw, bdy, bdx, bdw);
            assertClose("conv-transpose forward", y, by.readFloats());
            assertClose("conv-transpose backward-data", dx, bdx.readFloats());
            assertClose("conv-transpose backward-weight", dw, bdw.readFloats());
        }
    }

    @Test
    void biasAddPerChannel() {
        ClContext ctx = OpenClTestSupport.context();
        int n = 2, c = 3, hw = 5;
        float[] y = random(30, n * c * hw), bias = random(31, c), expected = y.clone();
        for (int i = 0; i < expected.length; i++) expected[i] += bias[(i / hw) % c];
        try (BufferScope s = ctx.scope()) {
            ClBuffer by = s.upload(y);
            ClLinear.biasAdd(ctx, n, c, hw, by, s.upload(bias));
            assertClose("bias add", expected, by.readFloats());
        }
    }
}
