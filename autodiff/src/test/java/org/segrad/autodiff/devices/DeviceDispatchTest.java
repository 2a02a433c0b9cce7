package org.segrad.autodiff.devices;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.segrad.autodiff.BatchNorm;
import org.segrad.autodiff.Convolution;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Device;
import org.segrad.autodiff.Pooling;
import org.segrad.autodiff.ShapeOps;
import org.segrad.autodiff.Softmax;
import org.segrad.autodiff.Tensor;
import org.segrad.autodiff.Workspace;

/**
 * The core's device path on JDK 17, through the test device {@code hostdev:0} ({@link HostDeviceProvider}, found by
 * ServiceLoader as a real backend is): every op the U-Net step uses runs there and gives the CPU's values and
 * gradients, values cross only when asked, device arrays go back to the workspace, and mistakes are one clear error.
 */
class DeviceDispatchTest {
    private static final Device DEV = Device.named("hostdev:0");

    /** conv → bn+relu → pool → concat with an up-conv → conv with bias → cross-entropy; returns {loss, grads...}. */
    private static float[][] step(Device d) {
        Tensor x = Tensor.normal(DType.FLOAT32, 1, 0, 1, 2, 2, 8, 8).to(d).detach().requiresGrad(true);
        Tensor w1 = Tensor.normal(DType.FLOAT32, 2, 0, 0.3, 4, 2, 3, 3).to(d).detach().requiresGrad(true);
        Tensor gamma = Tensor.full(DType.FLOAT32, 1.5, 4).to(d).detach().requiresGrad(true);
        Tensor beta = Tensor.full(DType.FLOAT32, 0.1, 4).to(d).detach().requiresGrad(true);
        Tensor rm = Tensor.zeros(DType.FLOAT32, 4).to(d), rv = Tensor.ones(DType.FLOAT32, 4).to(d);
        Tensor wt = Tensor.normal(DType.FLOAT32, 3, 0, 0.3, 4, 4, 2, 2).to(d).detach().requiresGrad(true);
        Tensor bt = Tensor.normal(DType.FLOAT32, 4, 0, 0.1, 4).to(d).detach().requiresGrad(true);
        Tensor wh = Tensor.normal(DType.FLOAT32, 5, 0, 0.3, 3, 8, 1, 1).to(d).detach().requiresGrad(true);
        Tensor bh = Tensor.normal(DType.FLOAT32, 6, 0, 0.1, 3).to(d).detach().requiresGrad(true);
        float[] lab = new float[2 * 8 * 8];
        for (int i = 0; i < lab.length; i++) lab[i] = (i * 7) % 3;
        Tensor y = Tensor.fromArray(lab, 2, 8, 8).to(d);

        Tensor h = BatchNorm.batchNorm2dRelu(Convolution.conv2d(x, w1, null, 1, 1, 1), gamma, beta, rm, rv, true, 0.1, 1e-5);
        Tensor up = Convolution.convTranspose2d(Pooling.maxPool2d(h, 2, 2, 0), wt, bt, 2, 0, 0, 1);
        Tensor z = Convolution.conv2d(ShapeOps.concat(1, h, up), wh, bh, 1, 0, 1);
        Tensor loss = Softmax.crossEntropy(z, y).add(z.sum()); // a full sum and an add of two device scalars too
        loss.backward();
        Tensor[] ps = {x, w1, gamma, beta, wt, bt, wh, bh, rm, rv};
        float[][] out = new float[ps.length + 1][];
        out[0] = loss.to(Device.CPU).toFloatArray();
        for (int i = 0; i < ps.length; i++) out[i + 1] = (i < 8 ? ps[i].grad() : ps[i]).toFloatArray();
        return out;
    }

    @Test
    void theUnetOpsOnADeviceGiveTheCpuValuesAndGradients() {
        float[][] cpu = step(Device.CPU), dev = step(DEV);
        for (int i = 0; i < cpu.length; i++) {
            float scale = 0;
            for (float v : cpu[i]) scale = Math.max(scale, Math.abs(v));
            for (int j = 0; j < cpu[i].length; j++) {
                assertEquals(cpu[i][j], dev[i][j], 1e-4 * Math.max(scale, 1e-6), "array " + i + " element " + j);
            }
        }
    }

    @Test
    void aTensorKnowsItsDeviceAndCopiesBackOnlyOnRequest() {
        Tensor c = Tensor.normal(DType.FLOAT32, 9, 0, 1, 3, 4);
        assertSame(Device.CPU, c.device());
        assertSame(c, c.to(Device.CPU));
        long t0 = DEV.backend().transfers();
        Tensor d = c.to(DEV);
        assertSame(DEV, d.device());
        Tensor s = d.add(d).mul(d).sum();
        assertEquals(t0 + 1, DEV.backend().transfers(), "one upload; the ops stay on the device");
        double expected = 0;
        for (float v : c.toFloatArray()) expected += 2.0 * v * v;
        assertEquals(expected, s.item(), 1e-4);
        assertEquals(t0 + 2, DEV.backend().transfers(), "item() is one download");
        assertArrayEquals(c.toFloatArray(), d.toFloatArray());
        assertThrows(UnsupportedOperationException.class, d::data);
        assertTrue(d.toString().contains("device=hostdev:0"), d.toString());
    }

    @Test
    void mixingDevicesIsOneErrorNamingBoth() {
        Tensor a = Tensor.ones(DType.FLOAT32, 4), b = Tensor.ones(DType.FLOAT32, 4).to(DEV);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().startsWith("add: tensors on different devices, cpu and hostdev:0"), e.getMessage());
    }

    @Test
    void anOpWithoutADeviceKernelNamesTheOpAndTheDevice() {
        Tensor d = Tensor.ones(DType.FLOAT32, 2, 3).to(DEV);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> d.tanh());
        assertTrue(e.getMessage().startsWith("Elementwise.tanh is not implemented on hostdev:0"), e.getMessage());
        e = assertThrows(UnsupportedOperationException.class, () -> d.sum(new int[] {1}, false));
        assertTrue(e.getMessage().startsWith("sum over some of the axes is not implemented on hostdev:0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.ones(DType.FLOAT64, 2).to(DEV), "a device holds FLOAT32 only");
    }

    @Test
    void unknownDevicesFallBackToTheCpuWithTheReason() {
        Device.Selection s = Device.select("opencl:3");
        assertSame(Device.CPU, s.device());
        assertTrue(s.fallbackReason().contains("no backend for 'opencl'"), s.fallbackReason());
        assertTrue(Device.select("hostdev:1").fallbackReason().contains("only hostdev:0 exists"));
        assertSame(Device.CPU, Device.named("cpu"));
        assertSame(DEV, Device.named("hostdev"));
        assertThrows(IllegalArgumentException.class, () -> Device.named("gpu!"));
    }

    @Test
    void workspaceScopesLendAndTakeBackDeviceArrays() {
        Tensor w = Tensor.normal(DType.FLOAT32, 2, 0, 0.3, 4, 2, 3, 3).to(DEV).detach().requiresGrad(true);
        Tensor x = Tensor.normal(DType.FLOAT32, 1, 0, 1, 2, 2, 8, 8).to(DEV);
        Workspace ws = new Workspace();
        int afterFirst = -1;
        for (int step = 0; step < 5; step++) {
            Tensor out;
            try (Workspace.Scope s = ws.open()) {
                w.zeroGrad();
                out = Convolution.conv2d(x, w, null, 1, 1, 1).sum();
                out.backward();
            }
            assertThrows(IllegalStateException.class, out::item, "a lent device tensor refuses reads after its scope");
            assertTrue(w.grad() != null, "a leaf's gradient outlives the scope");
            if (step == 0) afterFirst = DEV.backend().liveArrays();
        }
        assertEquals(afterFirst, DEV.backend().liveArrays(), "no device array made per step after the first");
        Tensor g = w.grad();
        w.zeroGrad();
        assertNull(w.grad());
        assertThrows(IllegalStateException.class, g::toFloatArray, "zeroGrad releases a device gradient at once");
        int before = DEV.backend().liveArrays();
        ws.clear();
        assertTrue(DEV.backend().liveArrays() < before, "clear() releases the pooled device arrays");
    }
}
