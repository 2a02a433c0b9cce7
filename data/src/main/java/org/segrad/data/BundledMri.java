package org.segrad.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.segrad.io.Nifti;
import org.segrad.io.NiftiVolume;

/**
 * The bundled real dataset: a T1-weighted brain MRI and its skull-strip mask from the Insight Toolkit's example data
 * (Apache-2.0; see the NOTICE file beside the volumes in {@code org/segrad/data/mri/}). Both volumes are
 * 128 × 128 × 62 voxels of 2 × 2 × 3 mm; the T1 volume is int16, the mask uint8. Brain is about 13 % of the pixels
 * of the kept axis-2 slices.
 *
 * <p>Choices: the image is min-max scaled over the whole volume; brain = label > 0 (2 classes: background, brain);
 * by default slices with fewer than {@value #MIN_BRAIN_PIXELS} brain pixels are skipped, since empty or nearly empty
 * edge slices hold no information about the boundary and would dominate a small dataset. Neighbouring slices are
 * strongly correlated: a random split leaks; prefer {@link Splits#byBlocks} for this data.
 */
public final class BundledMri {
    /** Slices with fewer brain pixels than this are skipped by {@link #load(int)}. */
    public static final int MIN_BRAIN_PIXELS = 64;

    private static final String T1 = "mri/KmeansTest_T1UCharRaw.nii.gz";
    private static final String MASK = "mri/KmeansTest_T1RawSkullStrip.nii.gz";

    private BundledMri() {
    }

    /** The T1 volume, unscaled. */
    public static NiftiVolume image() throws IOException {
        return resource(T1);
    }

    /** The skull-strip label volume, unmapped. */
    public static NiftiVolume label() throws IOException {
        return resource(MASK);
    }

    /**
     * Brain slices along {@code axis}. This volume's z axis runs front to back, so axis 2 gives 128×128 coronal
     * slices (58 with brain; the recommended default: square, a multiple of 8, upright), axis 1 gives 62×128 axial
     * slices and axis 0 gives 62×128 sagittal slices (rows are the 3 mm z axis, so these look squashed).
     */
    public static Dataset load(int axis) {
        return load(axis, true);
    }

    /**
     * Slices along {@code axis}.
     *
     * @param skipEmpty skip slices with fewer than {@value #MIN_BRAIN_PIXELS} brain pixels
     */
    public static Dataset load(int axis, boolean skipEmpty) {
        try {
            List<Sample> s = NiftiDataset.slices(image(), label(), axis, LabelRemap.greaterThan(0), 2, skipEmpty,
                    MIN_BRAIN_PIXELS);
            return new InMemoryDataset("bundled-mri(axis " + axis + ")", 2, s);
        } catch (IOException e) {
            throw new UncheckedIOException("bundled MRI cannot be read (is the nn jar complete?)", e);
        }
    }

    private static NiftiVolume resource(String path) throws IOException {
        try (InputStream in = BundledMri.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("resource org/segrad/data/" + path + " is missing");
            }
            return Nifti.read(in, path, Nifti.DEFAULT_MAX_BYTES);
        }
    }
}
