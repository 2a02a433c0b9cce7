package org.segrad.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.segrad.io.Nifti;
import org.segrad.io.NiftiDatatype;
import org.segrad.io.NiftiVolume;
import org.segrad.train.Inference;
import org.segrad.train.VolumePredictor;

/**
 * {@code segrad predict} on a NIfTI volume (at its place under {@code --out}, see {@link PredictTargets}):
 * {@code NAME_labels.nii.gz} (class ids as uint8, int16 above 256 classes)
 * and, with {@code --probabilities}, {@code NAME_probabilities.nii.gz} (float32, 4-D: dim[4] = classes, volume k =
 * the probability of class k), both with the input's dims and geometry (pixdim, qform/sform, units), so they overlay
 * the scan in ITK-SNAP, 3D Slicer or nibabel. Each file is written atomically.
 */
final class VolumeOutputs {
    private VolumeOutputs() {
    }

    /**
     * Predicts {@code file} slice by slice along {@code axis} and writes {@code STEM_labels.nii.gz} (and
     * {@code STEM_probabilities.nii.gz}); returns the number of files written.
     */
    static int predict(Inference inference, Path file, int axis, boolean probabilities, Path stem) throws IOException {
        NiftiVolume image = Nifti.read(file);
        if (image.sliceCount(axis) < 1) throw new IllegalArgumentException("--axis " + axis + ": volume " + file + " has no slices");
        VolumePredictor.Result r = VolumePredictor.predict(inference, image, axis);
        NiftiDatatype type = r.classes() <= 256 ? NiftiDatatype.UINT8 : NiftiDatatype.INT16;
        Nifti.write(Path.of(stem + "_labels.nii.gz"), r.labels(), type);
        if (!probabilities) return 1;
        Nifti.write(Path.of(stem + "_probabilities.nii.gz"), image.nx(), image.ny(), image.nz(), r.classes(),
                r.probabilities(), image.geometry(), NiftiDatatype.FLOAT32);
        return 2;
    }
}
