package org.segrad.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.Convolution;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Device;
import org.segrad.autodiff.Tensor;
import org.segrad.autodiff.Workspace;
import org.segrad.losses.Losses;
import org.segrad.losses.SegLoss;
import org.segrad.nn.UNet;
import org.segrad.nn.optim.Adam;

/**
 * Tensors stay on the device: a training step moves only the batch, the labels and (when asked) the loss value across
 * the bus, however many ops it runs; a 20-step loop in a {@link Workspace} ends with as many device arrays alive as
 * after its second step; mixing devices and ops without a device kernel fail with one clear message.
 */
class DeviceResidencyTest {
    /** Transfers of one training step after the first (weights uploaded, kernels and geometries cached). */
    private static long transfersPerStep(Device gpu, int depth) {
        ClBackend b = DeviceTestSupport.backend(gpu);
        SegLoss ce = Losses.create("ce", Map.of());
        UNet net = new UNet(1, 2, 4, depth, 3L);
        net.to(gpu);
        Adam opt = new Adam(net.parameters(), 1e-3);
        Tensor x = TrainStepParityTest.input(5), y = TrainStepParityTest.labels(6);
        Workspace ws = new Workspace();
        long[] perStep = new long[3];
        long[] held = new long[1];
        for (int step = 0; step < 3; step++) {
            if (step == 2) held[0] = b.arraysNotReleased();
            long before = b.transfers();
            try (Workspace.Scope s = ws.open()) {
                opt.zeroGrad();
                Tensor loss = ce.fused(net.forward(x.to(gpu)), y.to(gpu));
                loss.backward();
                opt.step();
                assertTrue(Double.isFinite(loss.item()));
            }
            perStep[step] = b.transfers() - before;
        }
        assertEquals(perStep[1], perStep[2], "steps 2 and 3 move the same");
        assertEquals(held[0], b.arraysNotReleased(), "the batch uploaded inside the scope went back with it");
        ws.clear();
        return perStep[2];
    }

    @Test
    void aStepMovesTheBatchTheLabelsAndTheLossOnly() {
        Device gpu = DeviceTestSupport.device();
        // Depth 2 runs ~60 device ops per step, depth 3 ~100: the transfers do not grow with them.
        assertEquals(3, transfersPerStep(gpu, 2), "upload x, upload labels, download the loss value");
        assertEquals(3, transfersPerStep(gpu, 3), "the same for a deeper network");
    }

    @Test
    void twentyStepsInAWorkspaceLeakNoDeviceArray() {
        Device gpu = DeviceTestSupport.device();
        ClBackend b = DeviceTestSupport.backend(gpu);
        SegLoss ce = Losses.create("ce", Map.of());
        UNet net = new UNet(1, 2, 4, 2, 4L);
        net.to(gpu);
        Adam opt = new Adam(net.parameters(), 1e-3);
        Tensor x = TrainStepParityTest.input(7).to(gpu), y = TrainStepParityTest.labels(8).to(gpu);
        Workspace ws = new Workspace();
        long afterSecond = -1;
        int buffersAfterSecond = -1;
        for (int step = 0; step < 20; step++) {
            try (Workspace.Scope s = ws.open()) {
                opt.zeroGrad();
                Tensor loss = ce.fused(net.forward(x), y);
                loss.backward();
                opt.step();
            }
            if (step == 1) {
                afterSecond = b.arraysNotReleased();
                buffersAfterSecond = b.context().liveBuffers();
            }
        }
        // Counted without the cleaner (which frees what earlier tests dropped, at the garbage collector's pace): every
        // array a step makes is released by the step's scope, zeroGrad or the next step.
        assertEquals(afterSecond, b.arraysNotReleased(), "device arrays not released, after step 2 and after step 20");
        assertTrue(b.context().liveBuffers() <= buffersAfterSecond, "OpenCL buffers alive after step 20 vs step 2");
        long pooled = b.arraysNotReleased();
        ws.clear();
        assertTrue(b.arraysNotReleased() < pooled, "Workspace.clear() releases the pooled device arrays");
    }

    @Test
    void mixingDevicesNamesBoth() {
        Device gpu = DeviceTestSupport.device();
        Tensor x = Tensor.normal(DType.FLOAT32, 1, 0, 1, 1, 2, 4, 4);
        Tensor w = Tensor.normal(DType.FLOAT32, 2, 0, 1, 3, 2, 3, 3).to(gpu);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(x, w, null, 1, 1, 1));
        assertTrue(e.getMessage().contains("cpu") && e.getMessage().contains("opencl:0") && e.getMessage().startsWith("conv2d"),
                e.getMessage());
    }

    @Test
    void anOpWithoutADeviceKernelNamesTheOpAndTheDevice() {
        Device gpu = DeviceTestSupport.device();
        Tensor x = Tensor.normal(DType.FLOAT32, 1, 0, 1, 8).to(gpu);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, x::exp);
        assertTrue(e.getMessage().startsWith("Elementwise.exp is not implemented on opencl:0"), e.getMessage());
        assertEquals(x.numel(), x.to(Device.CPU).exp().numel(), "the message's advice works");
    }

    @Test
    void valuesCopyBackOnlyOnRequest() {
        Device gpu = DeviceTestSupport.device();
        ClBackend b = DeviceTestSupport.backend(gpu);
        Tensor x = Tensor.normal(DType.FLOAT32, 9, 0, 1, 3, 5);
        long before = b.transfers();
        Tensor d = x.to(gpu);
        Tensor s = d.add(d).sum();
        assertEquals(before + 1, b.transfers(), "one upload, ops stay on the device");
        double expected = 0;
        for (float v : x.toFloatArray()) expected += 2 * v;
        assertEquals(expected, s.item(), 1e-5);
        assertEquals(before + 2, b.transfers(), "item() downloads one value");
        assertThrows(UnsupportedOperationException.class, d::floatData);
    }
}
