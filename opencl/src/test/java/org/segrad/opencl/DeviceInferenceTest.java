package org.segrad.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.Device;
import org.segrad.data.Sample;
import org.segrad.nn.UNet;
import org.segrad.train.Inference;
import org.segrad.train.Prediction;

/**
 * train's inference (what {@code segrad predict}, validation and the train command's reports run) on a model that
 * lives on opencl:0: the image is padded and uploaded, the logits come back, and the probabilities equal the CPU's
 * within 1e-4 (an image whose sides need padding, eval-mode batch norm with running statistics from one train step).
 */
class DeviceInferenceTest {
    @Test
    void predictionsOnTheDeviceEqualTheCpus() {
        Device gpu = DeviceTestSupport.device();
        UNet cpu = new UNet(1, 2, 4, 2, 11L);
        cpu.forward(TrainStepParityTest.input(3)); // training mode: the running statistics move away from 0 and 1
        cpu.eval();
        UNet dev = new UNet(1, 2, 4, 2, 12L);
        dev.loadStateDict(cpu.stateDict(), true);
        dev.to(gpu);
        dev.eval();
        Random r = new Random(4);
        float[] image = new float[15 * 13];
        for (int i = 0; i < image.length; i++) image[i] = r.nextFloat();
        Sample s = Sample.gray(image, 15, 13, null, "odd-sized");
        Prediction a = new Inference(cpu).predict(s), b = new Inference(dev).predict(s);
        assertEquals(a.classes(), b.classes());
        OpenClTestSupport.assertClose("probabilities", a.probabilities(), b.probabilities());
        int differing = 0;
        for (int i = 0; i < a.labels().length; i++) if (a.labels()[i] != b.labels()[i]) differing++;
        float[] p = a.probabilities();
        int nearTies = 0;
        for (int i = 0; i < a.labels().length; i++) if (Math.abs(p[i] - 0.5f) < 1e-4f) nearTies++;
        assertTrue(differing <= nearTies, differing + " labels differ, " + nearTies + " near-ties");
    }
}
