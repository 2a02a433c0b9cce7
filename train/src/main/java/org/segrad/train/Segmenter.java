package org.segrad.train;

import java.util.ArrayList;
import java.util.List;
import org.segrad.data.Dataset;
import org.segrad.data.Sample;
import org.segrad.nn.Module;

/**
 * Class maps of a trained network on images of any size: each image is reflect-padded to a multiple of the model's
 * input multiple (2^(depth−1) for a U-Net), run as an eval-mode forward without the tape, the class with the largest
 * logit is taken per pixel, and the mask is cropped back to the image's size. A thin front of {@link Inference}
 * (which also gives the probabilities): thread-safe, and it never changes the model's train/eval flag or its tensors.
 */
public final class Segmenter {
    private final Inference inference;

    /** Pads to {@link Module#inputMultiple()}. */
    public Segmenter(Module model) {
        this(model, model.inputMultiple());
    }

    /** Pads to multiples of {@code inputMultiple}. */
    public Segmenter(Module model, int inputMultiple) {
        this(new Inference(model, inputMultiple, null));
    }

    /** Class maps from {@code inference} (whole-image or sliding-window). */
    public Segmenter(Inference inference) {
        this.inference = inference;
    }

    /** The class map (h × w) of one image. */
    public int[] predict(Sample s) {
        return inference.labels(s);
    }

    /** Class maps of every sample of a dataset, in order. */
    public List<int[]> predictAll(Dataset ds) {
        List<int[]> out = new ArrayList<>(ds.size());
        for (int i = 0; i < ds.size(); i++) out.add(predict(ds.get(i)));
        return out;
    }
}
