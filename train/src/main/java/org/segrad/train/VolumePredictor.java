package org.segrad.train;

import org.segrad.data.NiftiDataset;
import org.segrad.data.Sample;
import org.segrad.io.NiftiVolume;

/**
 * A 2-D model applied to a NIfTI volume slice by slice. The volume is min-max scaled to [0, 1] and cut along
 * {@code axis} exactly as {@link NiftiDataset} cuts training volumes ({@link NiftiVolume#slice}); each slice's labels
 * and probabilities are put back with {@link NiftiVolume#voxelIndex}, the inverse of that slicing, so that the result
 * has the input's voxel grid and geometry (written with it, it lines up with the scan in any viewer). Thread-safe
 * like {@link Inference}.
 */
public final class VolumePredictor {
    private VolumePredictor() {
    }

    /**
     * A volume's prediction.
     *
     * @param labels        class ids per voxel, with the input's dims and geometry (as floats, for writing)
     * @param probabilities {@code classes × nx·ny·nz} floats, class-major, each class map x fastest
     * @param classes       number of classes
     */
    public record Result(NiftiVolume labels, float[] probabilities, int classes) {
    }

    /** Predicts every slice of {@code image} along {@code axis} (0, 1 or 2). */
    public static Result predict(Inference inference, NiftiVolume image, int axis) {
        NiftiVolume scaled = image.minMaxScaled();
        int h = image.sliceHeight(axis), w = image.sliceWidth(axis), n = image.data().length;
        float[] labels = new float[n];
        float[] probs = null;
        int k = 0;
        for (int i = 0; i < image.sliceCount(axis); i++) {
            Prediction p = inference.predict(Sample.gray(scaled.slice(axis, i), h, w, null, image.name() + "#" + i));
            if (probs == null) {
                k = p.classes();
                probs = new float[k * n];
            }
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    int v = image.voxelIndex(axis, i, r, c), px = r * w + c;
                    labels[v] = p.labels()[px];
                    for (int cls = 0; cls < k; cls++) probs[cls * n + v] = p.probabilities()[cls * h * w + px];
                }
            }
        }
        return new Result(image.withData(labels, image.name() + " labels"), probs, k);
    }
}
