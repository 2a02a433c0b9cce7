package org.segrad.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.segrad.data.BundledMri;
import org.segrad.data.Dataset;
import org.segrad.data.FolderDataset;
import org.segrad.data.LabelRemap;
import org.segrad.data.NiftiDataset;
import org.segrad.data.Splits;
import org.segrad.data.SyntheticCells;
import picocli.CommandLine.Option;

/**
 * The dataset options shared by train, eval and compare (a picocli mixin). {@code --data} is one of:
 * {@code cells} (built-in synthetic fluorescence cells, binary; the default), {@code cells3} (background / cell /
 * boundary), {@code mri} (the bundled T1 MRI, brain vs rest, coronal slices), a folder ({@code images/} +
 * {@code masks/}, optionally inside {@code train/ val/ test/}), or {@code nifti:IMAGE.nii.gz,LABEL.nii.gz[;…]}.
 */
public final class DataOptions implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Option(names = "--data", paramLabel = "SOURCE", description = "cells (default), cells3, mri, a dataset folder, or nifti:IMG,LABEL[;IMG,LABEL…]")
    String data = "cells";

    @Option(names = "--images", description = "Number of built-in synthetic images (default: ${DEFAULT-VALUE}).")
    int images = 64;

    @Option(names = "--size", description = "Side of built-in synthetic images (default: ${DEFAULT-VALUE}).")
    int size = 128;

    @Option(names = "--classes", description = "Classes of a folder/NIfTI dataset (default: inferred from the masks).")
    int classes = 0;

    @Option(names = "--axis", description = "Slicing axis of NIfTI volumes, 0..2 (default: ${DEFAULT-VALUE}).")
    int axis = 2;

    @Option(names = "--label-map", description = "NIfTI label remapping: identity, >0, or table like 1:1,2:1,*:0 (default: ${DEFAULT-VALUE}).")
    String labelMap = "identity";

    @Option(names = "--rgb-to-gray", description = "Convert RGB images to gray (ITU-R 601 luma) instead of rejecting them.")
    boolean rgbToGray;

    @Option(names = "--val-fraction", description = "Validation share when the data has no val/ folder (default: ${DEFAULT-VALUE}).")
    double valFraction = 0.2;

    @Option(names = "--test-fraction", description = "Test share when the data has no test/ folder (default: ${DEFAULT-VALUE}).")
    double testFraction = 0.2;

    @Option(names = "--train-fraction", description = "Keep only this share of the training split, seeded (scarce data; default: ${DEFAULT-VALUE}).")
    double trainFraction = 1.0;

    @Option(names = "--split-seed", description = "Seed of the data generation and split (default: ${DEFAULT-VALUE}).")
    long splitSeed = 1;

    /** The split and its class count. */
    public record Loaded(Splits.Split split, int classes, String description) {}

    public Loaded load() throws IOException {
        check("--val-fraction", valFraction, 0, 0.9);
        check("--test-fraction", testFraction, 0, 0.9);
        if (valFraction + testFraction >= 1) {
            throw new IllegalArgumentException("--val-fraction + --test-fraction must be < 1, got " + (valFraction + testFraction));
        }
        if (!(trainFraction > 0 && trainFraction <= 1)) throw new IllegalArgumentException("--train-fraction must be in (0, 1], got " + trainFraction);
        Splits.Split split;
        int k;
        String desc;
        switch (data) {
            case "cells", "cells3" -> {
                if (images < 3) throw new IllegalArgumentException("--images must be >= 3, got " + images);
                if (size < 8) throw new IllegalArgumentException("--size must be >= 8, got " + size);
                SyntheticCells gen = SyntheticCells.defaults().withCount(images).withSize(size, size).withSeed(splitSeed)
                        .withLabels(data.equals("cells") ? SyntheticCells.Labels.BINARY : SyntheticCells.Labels.THREE_CLASS);
                Dataset all = gen.generate();
                split = Splits.byFraction(all, valFraction, testFraction, splitSeed);
                k = all.classes();
                desc = "built-in synthetic cells (" + images + " images of " + size + "x" + size + ", " + k + " classes)";
            }
            case "mri" -> {
                Dataset all = BundledMri.load(axis);
                // Neighbouring slices are near copies: split in blocks so test slices are not memorised neighbours.
                split = Splits.byBlocks(all, valFraction, testFraction, splitSeed, 4);
                k = all.classes();
                desc = "bundled T1 MRI (ITK KmeansTest, " + all.size() + " slices along axis " + axis + ", brain vs rest)";
            }
            default -> {
                if (data.startsWith("nifti:")) {
                    List<Path[]> pairs = niftiPairs();
                    Dataset all = NiftiDataset.load("nifti", pairs, axis, LabelRemap.parse(labelMap), classes, true);
                    split = Splits.byBlocks(all, valFraction, testFraction, splitSeed, 4);
                    k = all.classes();
                    desc = "NIfTI " + data.substring(6) + " (" + all.size() + " slices)";
                } else {
                    Path dir = Path.of(data);
                    if (!Files.isDirectory(dir)) {
                        throw new IllegalArgumentException("--data: '" + data + "' is neither cells, cells3, mri, nifti:… nor a folder");
                    }
                    FolderDataset.Options o = new FolderDataset.Options(classes, rgbToGray, axis, LabelRemap.parse(labelMap), true);
                    split = FolderDataset.open(dir, o, valFraction, testFraction, splitSeed);
                    k = split.train().classes();
                    desc = "folder " + dir;
                }
            }
        }
        if (trainFraction < 1) {
            split = new Splits.Split(Splits.subsample(split.train(), trainFraction, splitSeed), split.val(), split.test());
        }
        return new Loaded(split, k, desc + "; train/val/test = " + split.train().size() + "/" + split.val().size() + "/" + split.test().size());
    }

    /**
     * All options as one line, e.g. {@code data=cells images=64 size=128 …}: equal lines load equal datasets (part of a
     * sweep's {@link org.segrad.cli.compare.RunSettings#fingerprint() fingerprint}).
     */
    public String recipe() {
        return "data=" + data + " images=" + images + " size=" + size + " classes=" + classes + " axis=" + axis + " label-map=" + labelMap
                + " rgb-to-gray=" + rgbToGray + " val-fraction=" + valFraction + " test-fraction=" + testFraction + " train-fraction="
                + trainFraction + " split-seed=" + splitSeed;
    }

    /** The files or folder the dataset is read from; empty for the built-in data (generated or bundled). */
    public List<Path> inputPaths() {
        if (data.equals("cells") || data.equals("cells3") || data.equals("mri")) return List.of();
        if (!data.startsWith("nifti:")) return List.of(Path.of(data));
        List<Path> paths = new ArrayList<>();
        for (Path[] pair : niftiPairs()) paths.addAll(List.of(pair));
        return paths;
    }

    /** A copy whose dataset paths are absolute, so it loads the same data from any working directory. */
    public DataOptions absolute() {
        DataOptions copy = new DataOptions();
        copy.data = data;
        if (data.startsWith("nifti:")) {
            StringBuilder sb = new StringBuilder("nifti:");
            for (Path[] pair : niftiPairs()) {
                if (sb.length() > 6) sb.append(';');
                sb.append(pair[0].toAbsolutePath()).append(',').append(pair[1].toAbsolutePath());
            }
            copy.data = sb.toString();
        } else if (!inputPaths().isEmpty()) {
            copy.data = Path.of(data).toAbsolutePath().toString();
        }
        copy.images = images;
        copy.size = size;
        copy.classes = classes;
        copy.axis = axis;
        copy.labelMap = labelMap;
        copy.rgbToGray = rgbToGray;
        copy.valFraction = valFraction;
        copy.testFraction = testFraction;
        copy.trainFraction = trainFraction;
        copy.splitSeed = splitSeed;
        return copy;
    }

    private List<Path[]> niftiPairs() {
        List<Path[]> pairs = new ArrayList<>();
        for (String pair : data.substring(6).split(";")) {
            String[] f = pair.split(",");
            if (f.length != 2) throw new IllegalArgumentException("--data nifti: expects IMAGE,LABEL pairs, got '" + pair + "'");
            pairs.add(new Path[] {Path.of(f[0]), Path.of(f[1])});
        }
        return pairs;
    }

    /**
     * The NIfTI image/label pairs behind the data, for per-volume metrics: every pair of {@code nifti:…}; for a folder,
     * the volumes of the {@code split} folder (train, val, test; all of them for "all") when it has split folders,
     * else every volume in it (its slices are split, its volumes are not). Empty for 2-D data.
     */
    public List<Path[]> volumePairs(String split) throws IOException {
        if (data.startsWith("nifti:")) return niftiPairs();
        Path dir = Path.of(data);
        if (!Files.isDirectory(dir)) return List.of();
        if (!FolderDataset.hasSplitFolders(dir)) return org.segrad.data.VolumePairs.of(dir);
        List<Path[]> out = new ArrayList<>();
        for (String part : split.equals("all") ? List.of("train", "val", "test") : List.of(split)) {
            out.addAll(org.segrad.data.VolumePairs.of(dir.resolve(part)));
        }
        return out;
    }

    /** The parsed {@code --label-map}. */
    LabelRemap remap() {
        return LabelRemap.parse(labelMap);
    }

    private static void check(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + v);
    }
}
