package org.segrad.cli;

import org.segrad.nn.Module;
import org.segrad.train.Inference;
import org.segrad.train.SlidingWindow;
import picocli.CommandLine.Option;

/** Sliding-window inference options of predict and eval (a picocli mixin); see {@link SlidingWindow}. */
public final class TileOptions {
    @Option(names = "--tile", paramLabel = "N", description = "Predict in N×N windows blended with Gaussian weights "
            + "(MONAI's sliding-window inference): memory bounded by the window. 0 = whole images (default: ${DEFAULT-VALUE}).")
    int tile = 0;

    @Option(names = "--overlap", paramLabel = "F", description = "Overlap of neighbouring windows, in [0, 1) (default: ${DEFAULT-VALUE}, as MONAI).")
    double overlap = 0.25;

    /** Whole-image or sliding-window inference with {@code model}, as the flags say. */
    Inference inference(Module model) {
        if (tile < 0) throw new IllegalArgumentException("--tile must be >= 0 (0 = whole images), got " + tile);
        SlidingWindow w = tile == 0 ? null : new SlidingWindow(tile, overlap);
        if (tile == 0 && !(overlap >= 0 && overlap < 1)) {
            throw new IllegalArgumentException("--overlap must be in [0, 1), got " + overlap);
        }
        return new Inference(model, model.inputMultiple(), w);
    }
}
