package org.segrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.segrad.data.Sample;
import org.segrad.nn.UNet;

/** {@link Inference#labels} (no probabilities on the whole-image path) gives exactly the labels of {@link Inference#predict}. */
class InferenceLabelsTest {
    @Test
    void labelsEqualThePredictionsLabelsWholeAndTiled() {
        UNet net = new UNet(1, 3, 4, 3, 5);
        Inference whole = new Inference(net);
        Inference tiled = whole.withWindow(new SlidingWindow(16, 0.5));
        SplittableRandom r = new SplittableRandom(3);
        for (int[] hw : new int[][] {{16, 16}, {13, 21}, {40, 36}}) {
            float[] img = new float[hw[0] * hw[1]];
            for (int i = 0; i < img.length; i++) img[i] = (float) r.nextDouble();
            Sample s = Sample.gray(img, hw[0], hw[1], null, "x");
            assertArrayEquals(whole.predict(s).labels(), whole.labels(s), "whole " + hw[0] + "x" + hw[1]);
            assertArrayEquals(tiled.predict(s).labels(), tiled.labels(s), "tiled " + hw[0] + "x" + hw[1]);
        }
    }
}
