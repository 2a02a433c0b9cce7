package org.segrad.train;

import java.util.ArrayList;
import java.util.List;
import org.segrad.autodiff.Autograd;
import org.segrad.autodiff.Tensor;
import org.segrad.autodiff.Workspace;
import org.segrad.losses.metrics.Predictions;
import org.segrad.nn.Module;
import org.segrad.data.Dataset;
import org.segrad.data.Geometry;
import org.segrad.data.Sample;

/**
 * Inference with a trained network on images of any size: each image is reflect-padded to a multiple of the
 * model's input multiple (2^(depth−1) for a U-Net), run in eval mode without the tape, the class with the largest logit is taken per pixel, and the mask
 * is cropped back to the image's size.
 */
public final class Segmenter {
    private final Module model;
    private final int multiple;
    /** Op buffers of one prediction, reused by the next (see {@link Workspace}). */
    private final Workspace workspace = new Workspace();

    /** Pads to {@link Module#inputMultiple()}. */
    public Segmenter(Module model) {
        this(model, model.inputMultiple());
    }

    /** Pads to multiples of {@code inputMultiple}. */
    public Segmenter(Module model, int inputMultiple) {
        if (inputMultiple < 1) throw new IllegalArgumentException("inputMultiple must be >= 1, got " + inputMultiple);
        this.model = model;
        this.multiple = inputMultiple;
    }

    /** The class map (h × w) of one image. */
    public int[] predict(Sample s) {
        Geometry.Padding pad = Geometry.paddingFor(s.h(), s.w(), multiple);
        Sample p = Geometry.pad(s, pad);
        boolean wasTraining = model.isTraining();
        model.eval();
        try (Workspace.Scope scope = workspace.open(); Autograd.NoGrad ignored = Autograd.noGrad()) {
            Tensor logits = model.forward(Tensor.fromArray(p.image().clone(), 1, p.channels(), p.h(), p.w()));
            return pad.cropBack(Predictions.argmax(logits));
        } finally {
            if (wasTraining) model.train();
        }
    }

    /** Class maps of every sample of a dataset, in order. */
    public List<int[]> predictAll(Dataset ds) {
        List<int[]> out = new ArrayList<>(ds.size());
        for (int i = 0; i < ds.size(); i++) out.add(predict(ds.get(i)));
        return out;
    }
}
