package org.segrad.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Device;
import org.segrad.autodiff.Tensor;
import org.segrad.losses.Losses;
import org.segrad.losses.SegLoss;
import org.segrad.nn.UNet;
import org.segrad.nn.optim.Adam;

/**
 * Issue 16, end to end: one Adam step of the ce loss on a small U-Net (base 4, depth 2, 1 channel, 2 classes, batch 2,
 * 16×16) from the same weights on the CPU and on opencl:0 — the loss and every parameter and buffer after the step
 * agree within 1e-4 relative (to the array's largest magnitude, as the kernel parity tests).
 */
class TrainStepParityTest {
    static Tensor input(long seed) {
        return Tensor.normal(DType.FLOAT32, seed, 0, 1, 2, 1, 16, 16);
    }

    /** Class ids 0/1 as FLOAT32 (device tensors are float32). */
    static Tensor labels(long seed) {
        Random r = new Random(seed);
        float[] y = new float[2 * 16 * 16];
        for (int i = 0; i < y.length; i++) y[i] = r.nextInt(2);
        return Tensor.fromArray(y, 2, 16, 16);
    }

    /** max |a − e| / max(max |e|, tiny): the measure {@link OpenClTestSupport#assertClose} bounds by 1e-4. */
    static double relativeToScale(float[] expected, float[] actual) {
        double scale = 1e-30, d = 0;
        for (float e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) d = Math.max(d, Math.abs(actual[i] - expected[i]));
        return d / scale;
    }

    @Test
    void oneAdamStepMatchesTheCpu() {
        Device gpu = DeviceTestSupport.device();
        SegLoss ce = Losses.create("ce", Map.of());
        UNet cpu = new UNet(1, 2, 4, 2, 7L), dev = new UNet(1, 2, 4, 2, 99L);
        LinkedHashMap<String, Tensor> initial = cpu.stateDict();
        dev.loadStateDict(initial, true);
        dev.to(gpu);
        assertSame(gpu, dev.device());
        Adam optCpu = new Adam(cpu.parameters(), 1e-3), optDev = new Adam(dev.parameters(), 1e-3);
        Tensor x = input(1), y = labels(2);

        optCpu.zeroGrad();
        Tensor lossCpu = ce.fused(cpu.forward(x), y);
        lossCpu.backward();
        optCpu.step();

        optDev.zeroGrad();
        Tensor lossDev = ce.fused(dev.forward(x.to(gpu)), y.to(gpu));
        assertSame(gpu, lossDev.device());
        lossDev.backward();
        optDev.step();

        double a = lossCpu.item(), b = lossDev.item();
        assertTrue(Math.abs(a - b) <= 1e-4 * Math.abs(a), "loss: cpu " + a + ", opencl " + b);
        LinkedHashMap<String, Tensor> sc = cpu.stateDict(), sd = dev.stateDict();
        assertEquals(sc.keySet(), sd.keySet());
        int moved = 0;
        double worst = 0;
        for (String k : sc.keySet()) {
            float[] before = initial.get(k).toFloatArray(), after = sc.get(k).toFloatArray();
            if (!java.util.Arrays.equals(before, after)) moved++;
            float[] got = sd.get(k).toFloatArray();
            OpenClTestSupport.assertClose(k + " after one step", after, got);
            worst = Math.max(worst, relativeToScale(after, got));
        }
        System.out.printf(java.util.Locale.ROOT, "one Adam step, cpu vs %s: loss %.7f vs %.7f (relative %.1e); worst entry of %d "
                + "state-dict arrays %.1e relative to its largest magnitude%n", gpu, a, b, Math.abs(a - b) / Math.abs(a), sc.size(), worst);
        // The optimizer's state (m, v, step per parameter) comes back from the device in the CPU's keys and values.
        LinkedHashMap<String, Tensor> oc = optCpu.stateDict(), od = optDev.stateDict();
        assertEquals(oc.keySet(), od.keySet());
        for (String k : oc.keySet()) {
            OpenClTestSupport.assertClose("optimizer " + k, oc.get(k).toFloatArray(), od.get(k).toFloatArray());
        }
        // Every parameter and running statistic moved (num_batches_tracked too): the comparison is of updated values.
        assertEquals(sc.size(), moved, "entries changed by the step");
    }
}
