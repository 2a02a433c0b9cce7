package org.segrad.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.segrad.data.ImageFiles;
import org.segrad.data.VolumePairs;
import org.segrad.io.Nifti;
import org.segrad.io.NiftiDatatype;
import org.segrad.io.NiftiVolume;
import org.segrad.train.Inference;
import org.segrad.train.VolumePredictor;

/**
 * {@code segrad predict} on a NIfTI volume: {@code NAME_labels.nii.gz} (class ids as uint8, int16 above 256 classes)
 * and, with {@code --probabilities}, {@code NAME_probabilities.nii.gz} (float32, 4-D: dim[4] = classes, volume k =
 * the probability of class k), both with the input's dims and geometry (pixdim, qform/sform, units), so they overlay
 * the scan in ITK-SNAP, 3D Slicer or nibabel. Each file is written atomically.
 */
final class VolumeOutputs {
    private VolumeOutputs() {
    }

    /**
     * The volumes an input names: the file itself if it is a {@code .nii}/{@code .nii.gz}, the volumes in a folder, or
     * none (2-D images). A folder holding both volumes and 2-D images is refused, so that nothing is skipped silently.
     */
    static java.util.List<Path> volumesOf(Path in) throws IOException {
        if (java.nio.file.Files.isRegularFile(in)) return VolumePairs.isNifti(in) ? java.util.List.of(in) : java.util.List.of();
        java.util.List<Path> volumes = VolumePairs.volumesIn(in);
        if (volumes.isEmpty()) return volumes;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(in)) {
            java.util.Optional<Path> image = files.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                int dot = n.lastIndexOf('.');
                return !VolumePairs.isNifti(p) && dot > 0 && ImageFiles.EXTENSIONS.contains(n.substring(dot + 1));
            }).findFirst();
            if (image.isPresent()) {
                throw new IllegalArgumentException("IMAGE folder " + in + " mixes NIfTI volumes (" + volumes.get(0).getFileName()
                        + ") and 2-D images (" + image.get().getFileName() + "); give them as separate folders");
            }
        }
        return volumes;
    }

    /** Predicts {@code file} slice by slice along {@code axis}; returns the number of files written. */
    static int predict(Inference inference, Path file, int axis, boolean probabilities, Path out) throws IOException {
        NiftiVolume image = Nifti.read(file);
        if (image.sliceCount(axis) < 1) throw new IllegalArgumentException("--axis " + axis + ": volume " + file + " has no slices");
        VolumePredictor.Result r = VolumePredictor.predict(inference, image, axis);
        String base = ImageFiles.baseName(file);
        NiftiDatatype type = r.classes() <= 256 ? NiftiDatatype.UINT8 : NiftiDatatype.INT16;
        Nifti.write(out.resolve(base + "_labels.nii.gz"), r.labels(), type);
        if (!probabilities) return 1;
        Nifti.write(out.resolve(base + "_probabilities.nii.gz"), image.nx(), image.ny(), image.nz(), r.classes(),
                r.probabilities(), image.geometry(), NiftiDatatype.FLOAT32);
        return 2;
    }
}
