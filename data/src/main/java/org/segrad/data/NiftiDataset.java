package org.segrad.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.segrad.io.Nifti;
import org.segrad.io.NiftiVolume;

/**
 * 2-D slice pairs cut from NIfTI image + label volumes. The image volume is min-max scaled to [0, 1] per volume
 * (SPEC §5) before slicing; the label volume is mapped to class ids by a {@link LabelRemap}. Slices are named
 * {@code <image base name>_a<axis>_<index>}, e.g. {@code t1_a2_031}.
 */
public final class NiftiDataset {
    private NiftiDataset() {
    }

    /**
     * All slices of one image/label pair along {@code axis}.
     *
     * @param skipEmpty drop slices whose label slice has fewer than {@code minForeground} pixels of a class > 0
     * @throws IllegalArgumentException if the volumes' dims differ or a label value has no class
     */
    public static List<Sample> slices(NiftiVolume image, NiftiVolume label, int axis, LabelRemap remap,
                                      int classes, boolean skipEmpty, int minForeground) {
        if (!image.sameDims(label)) {
            throw new IllegalArgumentException("label volume " + label.name() + " is " + label.nx() + "x" + label.ny()
                    + "x" + label.nz() + " but its image " + image.name() + " is " + image.nx() + "x" + image.ny()
                    + "x" + image.nz());
        }
        NiftiVolume scaled = image.minMaxScaled();
        int h = image.sliceHeight(axis);
        int w = image.sliceWidth(axis);
        String base = ImageFiles.baseName(Path.of(image.name()));
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < image.sliceCount(axis); i++) {
            int[] mask = remap.labelSlice(label, axis, i);
            int fg = 0;
            for (int v : mask) {
                if (v < 0 || v >= classes) {
                    throw new IllegalArgumentException("label volume " + label.name() + " slice " + i + " of axis "
                            + axis + " has class " + v + " but classes = " + classes);
                }
                fg += v > 0 ? 1 : 0;
            }
            if (skipEmpty && fg < Math.max(1, minForeground)) {
                continue;
            }
            String name = String.format("%s_a%d_%03d", base, axis, i);
            out.add(Sample.gray(scaled.slice(axis, i), h, w, mask, name));
        }
        return out;
    }

    /**
     * Reads image/label file pairs and slices them all into one dataset.
     *
     * @param pairs each element is {image path, label path}
     * @throws IOException if a file cannot be read or the pairs do not match
     */
    public static Dataset load(String name, List<Path[]> pairs, int axis, LabelRemap remap, int classes,
                               boolean skipEmpty) throws IOException {
        List<Sample> all = new ArrayList<>();
        for (Path[] p : pairs) {
            NiftiVolume img = Nifti.read(p[0]);
            NiftiVolume lab = Nifti.read(p[1]);
            try {
                all.addAll(slices(img, lab, axis, remap, classes, skipEmpty, 1));
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        if (all.isEmpty()) {
            throw new IOException("dataset " + name + ": no slices along axis " + axis
                    + (skipEmpty ? " with foreground" : ""));
        }
        return new InMemoryDataset(name, classes, all);
    }
}
