package org.segrad.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;
import org.segrad.nn.optim.Adam;
import org.segrad.nn.optim.GradClip;
import org.segrad.nn.optim.LrScheduler;

/**
 * Robustness: 1 000 training steps of a tiny U-Net (base 2, depth 2, batch 2 × 8×8) keep the used heap flat: the
 * heap after GC at step 1 000 exceeds the one at step 100 by less than a generous 16 MiB (the whole model and its
 * optimizer state are a few KiB, so a per-step leak of even one activation would show).
 */
class TrainingLoopHeapTest {
    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    @Test
    void thousandStepsDoNotGrowTheHeap() {
        UNet model = new UNet(1, 2, 2, 2, 3);
        Adam opt = new Adam(model.parameters(), 1e-2);
        LrScheduler sched = LrScheduler.poly(opt, 1000);
        Tensor x = Tensor.normal(DType.FLOAT32, 5, 0, 1, 2, 1, 8, 8);
        Tensor y = Tensor.zeros(DType.FLOAT32, 2, 8, 8);
        for (int i = 0; i < y.numel(); i++) y.set(i, x.get(i) > 0 ? 1 : 0);
        long at100 = 0;
        double first = 0, last = 0;
        for (int step = 1; step <= 1000; step++) {
            opt.zeroGrad();
            Tensor loss = CrossEntropy.mean(model.forward(x), y);
            loss.backward();
            GradClip.clipGradNorm(model.parameters(), 5.0);
            opt.step();
            sched.step();
            if (step == 1) first = loss.item();
            last = loss.item();
            if (step == 100) at100 = usedAfterGc();
        }
        long at1000 = usedAfterGc();
        long growth = at1000 - at100;
        System.out.printf("heap after GC: step 100 %d KiB, step 1000 %d KiB; loss %.4f -> %.4f%n", at100 >> 10, at1000 >> 10, first, last);
        assertTrue(growth < 16L << 20, "used heap grew by " + (growth >> 10) + " KiB between step 100 and step 1000");
        assertTrue(last < first, "training should lower the loss: " + first + " -> " + last);
    }
}
