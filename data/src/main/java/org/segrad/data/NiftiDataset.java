package org.segrad.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.segrad.io.Nifti;
import org.segrad.io.NiftiVolume;

/**
 * 2-D slice samples cut from NIfTI image + label volumes. One or more image volumes of one case (e.g. T1, T2, FLAIR)
 * become the channels of each slice, in the order given. Each image volume is min-max scaled to [0, 1] per volume
 * (SPEC §5) before slicing, or kept as stored ({@code raw}, for a {@link Normalization} other than none); the label
 * volume is mapped to class ids by a {@link LabelRemap}. Slices are named {@code <first image base name>_a<axis>_<index>},
 * e.g. {@code t1_a2_031}.
 */
public final class NiftiDataset {
    private NiftiDataset() {
    }

    /** All slices of one single-channel image/label pair along {@code axis}, min-max scaled. */
    public static List<Sample> slices(NiftiVolume image, NiftiVolume label, int axis, LabelRemap remap,
                                      int classes, boolean skipEmpty, int minForeground) {
        return slices(List.of(image), label, axis, remap, classes, skipEmpty, minForeground, false);
    }

    /**
     * All slices of one case along {@code axis}: channel c of a slice is image volume c.
     *
     * @param classes   labels must lie in 0..classes−1 ({@link Integer#MAX_VALUE}: any, to infer later)
     * @param skipEmpty drop slices whose label slice has fewer than {@code minForeground} pixels of a class > 0
     * @param raw       keep the stored voxel values instead of min-max scaling each volume
     * @throws IllegalArgumentException if the volumes' dims differ or a label value has no class
     */
    public static List<Sample> slices(List<NiftiVolume> images, NiftiVolume label, int axis, LabelRemap remap,
                                      int classes, boolean skipEmpty, int minForeground, boolean raw) {
        NiftiVolume first = images.get(0);
        List<NiftiVolume> scaled = new ArrayList<>();
        for (NiftiVolume image : images) {
            if (!image.sameDims(label)) {
                throw new IllegalArgumentException("label volume " + label.name() + " is " + label.nx() + "x" + label.ny()
                        + "x" + label.nz() + " but its image " + image.name() + " is " + image.nx() + "x" + image.ny()
                        + "x" + image.nz());
            }
            scaled.add(raw ? image : image.minMaxScaled());
        }
        int h = first.sliceHeight(axis);
        int w = first.sliceWidth(axis);
        int plane = h * w;
        String base = ImageFiles.baseName(Path.of(first.name()));
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < first.sliceCount(axis); i++) {
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
            float[] img = new float[plane * scaled.size()];
            for (int c = 0; c < scaled.size(); c++) {
                System.arraycopy(scaled.get(c).slice(axis, i), 0, img, c * plane, plane);
            }
            String name = String.format("%s_a%d_%03d", base, axis, i);
            out.add(new Sample(img, scaled.size(), h, w, mask, name));
        }
        return out;
    }

    /** {@link #load(String, List, int, LabelRemap, int, boolean, boolean)} with min-max scaled volumes. */
    public static Dataset load(String name, List<Path[]> pairs, int axis, LabelRemap remap, int classes,
                               boolean skipEmpty) throws IOException {
        return load(name, pairs, axis, remap, classes, skipEmpty, false);
    }

    /**
     * Reads cases and slices them all into one dataset.
     *
     * @param cases   each element is {image, …, image, label}: one or more channel volumes, then the label volume;
     *                every case must have the same number of channels
     * @param classes the class count, or 0 to infer it from the labels ({@link ClassInference})
     * @throws IOException if a file cannot be read, the cases do not match or the labels are not class ids
     */
    public static Dataset load(String name, List<Path[]> cases, int axis, LabelRemap remap, int classes,
                               boolean skipEmpty, boolean raw) throws IOException {
        List<Sample> all = new ArrayList<>();
        int channels = -1;
        for (Path[] p : cases) {
            if (p.length < 2) {
                throw new IOException("dataset " + name + ": a case needs image and label volumes, got " + p.length + " file");
            }
            if (channels >= 0 && p.length - 1 != channels) {
                throw new IOException("dataset " + name + ": case " + p[0] + " has " + (p.length - 1)
                        + " channel volumes but the first case has " + channels);
            }
            channels = p.length - 1;
            List<NiftiVolume> images = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                images.add(Nifti.read(p[c]));
            }
            NiftiVolume lab = Nifti.read(p[channels]);
            try {
                all.addAll(slices(images, lab, axis, remap, classes == 0 ? Integer.MAX_VALUE : classes, skipEmpty, 1, raw));
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        if (all.isEmpty()) {
            throw new IOException("dataset " + name + ": no slices along axis " + axis
                    + (skipEmpty ? " with foreground" : ""));
        }
        int k = classes;
        if (k == 0) {
            try {
                k = ClassInference.inferAndMap(all, "label volumes of " + name);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return new InMemoryDataset(name, k, all);
    }
}
