package org.segrad.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.segrad.data.BundledMri;
import org.segrad.data.ClassInference;
import org.segrad.data.Dataset;
import org.segrad.data.FolderDataset;
import org.segrad.data.ImageFiles;
import org.segrad.data.LabelRemap;
import org.segrad.data.NiftiDataset;
import org.segrad.data.Normalization;
import org.segrad.data.Splits;
import org.segrad.data.SyntheticCells;
import org.segrad.train.ModelCard;
import picocli.CommandLine.Option;
import org.segrad.train.BuildInfo;

/**
 * The dataset options shared by train, eval and compare (a picocli mixin). {@code --data} is one of:
 * {@code cells} (built-in synthetic fluorescence cells, binary; the default), {@code cells3} (background / cell /
 * boundary), {@code mri} (the bundled T1 MRI, brain vs rest, coronal slices), a folder ({@code images/} +
 * {@code masks/}, optionally inside {@code train/ val/ test/}), or {@code nifti:IMG[,IMG…],LABEL[;…]} (one or more
 * channel volumes, then the label volume, per case).
 *
 * <p>Options left out are taken from a model file's {@link ModelCard} when one is given ({@link #load(ModelCard)}:
 * eval), else from their defaults; an explicit option that contradicts the model file is one error naming both
 * values.
 */
public final class DataOptions implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The built-in generator's image count and side when neither the flags nor a model file give them. */
    static final int DEFAULT_IMAGES = 64, DEFAULT_SIZE = 128;

    /** The most pixels the built-in generator may make: --images × --size² (2^28 floats = 1 GiB). */
    static final long MAX_SYNTHETIC_PIXELS = 1L << 28;

    @Option(names = "--data", paramLabel = "SOURCE", description = "cells (default), cells3, mri, a dataset folder, or nifti:IMG[,IMG…],LABEL[;…]")
    String data;

    @Option(names = "--images", description = "Number of built-in synthetic images, 3..100000 (default: 64, or the model file's).")
    Integer images;

    @Option(names = "--size", description = "Side of built-in synthetic images, 8..4096 (default: 128, or the model file's).")
    Integer size;

    @Option(names = "--classes", description = "Classes of a folder/NIfTI dataset, 2..256 (default: inferred from the masks, or the model file's).")
    Integer classes;

    @Option(names = "--axis", description = "Slicing axis of NIfTI volumes, 0..2 (default: 2, or the model file's).")
    Integer axis;

    @Option(names = "--label-map", description = "Mask value → class map for folder masks and NIfTI labels: identity, >0, or a table like 0:0,128:1 or 1:1,2:1,*:0 (default: identity, or the model file's).")
    String labelMap;

    @Option(names = "--rgb-to-gray", description = "Convert colour images to gray (ITU-R 601 luma) instead of reading them as 3 channels.")
    boolean rgbToGray;

    @Option(names = "--normalize", paramLabel = "MODE", description = "Intensity normalisation: none, minmax, percentile[:LO,HI], zscore, zscore:dataset or window:LO,HI (default: the model file's; train: percentile:0.5,99.5; eval of a file without segrad metadata: none).")
    String normalize;

    @Option(names = "--val-fraction", description = "Validation share when the data has no val/ folder (default: 0.2, or the model file's).")
    Double valFraction;

    @Option(names = "--test-fraction", description = "Test share when the data has no test/ folder (default: 0.2, or the model file's).")
    Double testFraction;

    @Option(names = "--train-fraction", description = "Keep only this share of the training split, seeded (scarce data; default: 1, or the model file's).")
    Double trainFraction;

    @Option(names = "--split-seed", description = "Seed of the data generation and split (default: 1, or the model file's).")
    Long splitSeed;

    /**
     * The split and what the model needs to know about it.
     *
     * @param channels      input channel names (their count is the network's in_channels)
     * @param normalization the normalisation applied to every split (fitted on the training split)
     */
    public record Loaded(Splits.Split split, int classes, String description, List<String> channels,
                         Normalization normalization, String labelMap, int axis, ModelCard.DataInfo info) {
        /** The number of input channels. */
        public int inChannels() {
            return channels.size();
        }

        /** The model card of a U-Net trained on this data with this loss and seed. */
        public ModelCard card(int base, int depth, String loss, java.util.Map<String, String> lossOptions, long seed) {
            return new ModelCard(new ModelCard.Architecture("unet", inChannels(), classes, base, depth), channels,
                    ModelCard.classIds(classes), labelMap, normalization, axis, loss, lossOptions, info, seed,
                    BuildInfo.version(), BuildInfo.commit());
        }
    }

    /** Loads with the flags and their defaults. */
    public Loaded load() throws IOException {
        return load(null);
    }

    /**
     * Loads; options left out come from {@code card} when it is not null, and a left-out {@code --normalize} is the
     * training default (percentile).
     *
     * @throws IllegalArgumentException for a bad value, or an explicit option that contradicts the card
     */
    public Loaded load(ModelCard card) throws IOException {
        return load(card, Normalization.percentile());
    }

    /**
     * Loads; options left out come from {@code card} when it is not null, else {@code --normalize} defaults to
     * {@code withoutCard} (eval takes a model file without segrad metadata as trained on [0, 1] inputs, as predict does).
     *
     * @throws IllegalArgumentException for a bad value, or an explicit option that contradicts the card
     */
    public Loaded load(ModelCard card, Normalization withoutCard) throws IOException {
        ModelCard.DataInfo from = card == null ? null : card.data();
        String source = data != null ? data : from != null ? from.source() : "cells";
        data = source; // what volumePairs reads
        double val = valFraction != null ? valFraction : from != null ? from.valFraction() : 0.2;
        double test = testFraction != null ? testFraction : from != null ? from.testFraction() : 0.2;
        double trainF = trainFraction != null ? trainFraction : from != null ? from.trainFraction() : 1.0;
        long seed = splitSeed != null ? splitSeed : from != null ? from.splitSeed() : 1;
        int ax = agree("--axis", axis, card == null ? null : card.axis(), 2);
        String map = agree("--label-map", labelMap, card == null ? null : card.labelMap(), "identity");
        Integer k0 = agree("--classes", classes, card == null ? null : card.architecture().classes(), 0);
        Normalization norm;
        if (normalize == null) {
            norm = card != null ? card.normalization() : withoutCard;
        } else {
            norm = Normalization.parse(normalize);
            if (card != null && !norm.spec().equals(card.normalization().spec())) {
                throw new IllegalArgumentException("--normalize " + normalize + " contradicts the model file, which was trained with "
                        + card.normalization().spec());
            }
            if (card != null) norm = card.normalization();
        }
        check("--val-fraction", val, 0, 0.9);
        check("--test-fraction", test, 0, 0.9);
        if (val + test >= 1) {
            throw new IllegalArgumentException("--val-fraction + --test-fraction must be < 1, got " + (val + test));
        }
        if (!(trainF > 0 && trainF <= 1)) throw new IllegalArgumentException("--train-fraction must be in (0, 1], got " + trainF);
        if (k0 != 0 && (k0 < 2 || k0 > ClassInference.MAX_CLASSES)) {
            throw new IllegalArgumentException("--classes must be in 2.." + ClassInference.MAX_CLASSES + ", got " + k0);
        }
        if (ax < 0 || ax > 2) throw new IllegalArgumentException("--axis must be 0, 1 or 2, got " + ax);
        LabelRemap remap = parseMap(map);
        Splits.Split split;
        String desc;
        List<String> channels = List.of("gray");
        boolean fromCells = from != null && from.images() > 0 && from.source().equals(source);
        int images = this.images != null ? this.images : fromCells ? from.images() : DEFAULT_IMAGES;
        int size = this.size != null ? this.size : fromCells ? from.size() : DEFAULT_SIZE;
        switch (source) {
            case "cells", "cells3" -> {
                checkSynthetic(images, size);
                SyntheticCells gen = SyntheticCells.defaults().withCount(images).withSize(size, size).withSeed(seed)
                        .withLabels(source.equals("cells") ? SyntheticCells.Labels.BINARY : SyntheticCells.Labels.THREE_CLASS);
                Dataset all = gen.generate();
                split = Splits.byFraction(all, val, test, seed);
                desc = "built-in synthetic cells (" + images + " images of " + size + "x" + size + ", " + all.classes() + " classes)";
            }
            case "mri" -> {
                Dataset all = BundledMri.load(ax);
                // Neighbouring slices are near copies: split in blocks so test slices are not memorised neighbours.
                split = Splits.byBlocks(all, val, test, seed, 4);
                desc = "bundled T1 MRI (ITK KmeansTest, " + all.size() + " slices along axis " + ax + ", brain vs rest)";
            }
            default -> {
                if (source.startsWith("nifti:")) {
                    List<Path[]> cases = new ArrayList<>();
                    for (String c : source.substring(6).split(";")) {
                        String[] f = c.split(",");
                        if (f.length < 2) {
                            throw new IllegalArgumentException("--data nifti: expects IMAGE[,IMAGE…],LABEL per case, got '" + c + "'");
                        }
                        Path[] p = new Path[f.length];
                        for (int i = 0; i < f.length; i++) p[i] = Path.of(f[i]);
                        cases.add(p);
                    }
                    Dataset all = NiftiDataset.load("nifti", cases, ax, remap, k0, true, norm.raw());
                    split = Splits.byBlocks(all, val, test, seed, 4);
                    channels = new ArrayList<>();
                    for (int i = 0; i < cases.get(0).length - 1; i++) channels.add(ImageFiles.baseName(cases.get(0)[i]));
                    desc = "NIfTI " + source.substring(6) + " (" + all.size() + " slices)";
                } else {
                    Path dir = Path.of(source);
                    if (!Files.isDirectory(dir)) {
                        throw new IllegalArgumentException("--data: '" + source + "' is neither cells, cells3, mri, nifti:… nor a folder");
                    }
                    FolderDataset.Options o = new FolderDataset.Options(k0, rgbToGray, ax, remap, true, norm.raw());
                    split = FolderDataset.open(dir, o, val, test, seed);
                    channels = FolderDataset.channelNames(dir, o);
                    desc = "folder " + dir;
                }
            }
        }
        if (trainF < 1) {
            split = new Splits.Split(Splits.subsample(split.train(), trainF, seed), split.val(), split.test());
        }
        int k = split.train().classes();
        if (card != null && k != card.architecture().classes()) {
            // The data holds fewer classes than the model knows: evaluate with the model's class count.
            if (k > card.architecture().classes()) {
                throw new IllegalArgumentException("--data " + source + " holds " + k + " classes but the model file has "
                        + card.architecture().classes());
            }
            k = card.architecture().classes();
            split = new Splits.Split(withClasses(split.train(), k), withClasses(split.val(), k), withClasses(split.test(), k));
        }
        if (norm.needsFit()) norm = norm.fit(split.train());
        Normalization n = norm;
        split = new Splits.Split(n.apply(split.train()), n.apply(split.val()), n.apply(split.test()));
        boolean synthetic = source.equals("cells") || source.equals("cells3");
        ModelCard.DataInfo info = new ModelCard.DataInfo(source, desc, val, test, trainF, seed, synthetic ? images : 0,
                synthetic ? size : 0);
        return new Loaded(split, k, desc + "; train/val/test = " + split.train().size() + "/" + split.val().size() + "/"
                + split.test().size(), List.copyOf(channels), n, map, ax, info);
    }

    private static void checkSynthetic(int images, int size) {
        if (images < 3 || images > 100_000) throw new IllegalArgumentException("--images must be in 3..100000, got " + images);
        if (size < 8 || size > 4096) throw new IllegalArgumentException("--size must be in 8..4096, got " + size);
        long pixels = (long) images * size * size;
        if (pixels > MAX_SYNTHETIC_PIXELS) {
            throw new IllegalArgumentException("--images " + images + " x --size " + size + "² = " + pixels
                    + " pixels but at most " + MAX_SYNTHETIC_PIXELS + " fit in memory; use fewer or smaller images");
        }
    }

    private static LabelRemap parseMap(String map) {
        try {
            return LabelRemap.parse(map);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--label-map: " + e.getMessage(), e);
        }
    }

    private static Dataset withClasses(Dataset d, int k) {
        return new org.segrad.data.InMemoryDataset(d.name(), k, d.samples());
    }

    /**
     * The explicit value if given (it must equal the model file's when both exist), else the model file's, else the
     * default.
     */
    static <T> T agree(String flag, T explicit, T fromModel, T dflt) {
        if (explicit != null && fromModel != null && !Objects.equals(explicit, fromModel)) {
            throw new IllegalArgumentException(flag + " " + explicit + " contradicts the model file, which says " + fromModel);
        }
        return explicit != null ? explicit : fromModel != null ? fromModel : dflt;
    }

    /** The --data value, "cells" when left out. */
    private String src() {
        return data == null ? "cells" : data;
    }

    /**
     * All options as one line, e.g. {@code data=cells images=64 size=128 …}: equal lines load equal datasets (part of a
     * sweep's {@link org.segrad.cli.compare.RunSettings#fingerprint() fingerprint}).
     */
    public String recipe() {
        return "data=" + src() + " images=" + (images == null ? DEFAULT_IMAGES : images) + " size="
                + (size == null ? DEFAULT_SIZE : size) + " classes=" + classes + " axis=" + axis + " label-map=" + labelMap
                + " rgb-to-gray=" + rgbToGray + " normalize=" + normalize + " val-fraction=" + valFraction + " test-fraction="
                + testFraction + " train-fraction=" + trainFraction + " split-seed=" + splitSeed;
    }

    /** The files or folder the dataset is read from; empty for the built-in data (generated or bundled). */
    public List<Path> inputPaths() {
        String d = src();
        if (d.equals("cells") || d.equals("cells3") || d.equals("mri")) return List.of();
        if (!d.startsWith("nifti:")) return List.of(Path.of(d));
        List<Path> paths = new ArrayList<>();
        for (Path[] c : niftiCases()) paths.addAll(List.of(c));
        return paths;
    }

    /** A copy whose dataset paths are absolute, so it loads the same data from any working directory. */
    public DataOptions absolute() {
        DataOptions copy = new DataOptions();
        copy.data = data;
        if (src().startsWith("nifti:")) {
            StringBuilder sb = new StringBuilder("nifti:");
            for (Path[] c : niftiCases()) {
                if (sb.length() > 6) sb.append(';');
                for (int i = 0; i < c.length; i++) sb.append(i == 0 ? "" : ",").append(c[i].toAbsolutePath());
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
        copy.normalize = normalize;
        copy.valFraction = valFraction;
        copy.testFraction = testFraction;
        copy.trainFraction = trainFraction;
        copy.splitSeed = splitSeed;
        return copy;
    }

    /** The cases of {@code nifti:…}: {image, …, image, label} each. */
    private List<Path[]> niftiCases() {
        List<Path[]> cases = new ArrayList<>();
        for (String c : src().substring(6).split(";")) {
            String[] f = c.split(",");
            if (f.length < 2) throw new IllegalArgumentException("--data nifti: expects IMAGE[,IMAGE…],LABEL per case, got '" + c + "'");
            Path[] p = new Path[f.length];
            for (int i = 0; i < f.length; i++) p[i] = Path.of(f[i]);
            cases.add(p);
        }
        return cases;
    }

    /**
     * The NIfTI image/label pairs behind the data, for per-volume metrics: every pair of {@code nifti:…}; for a folder,
     * the volumes of the {@code split} folder (train, val, test; all of them for "all") when it has split folders,
     * else every volume in it (its slices are split, its volumes are not). Empty for 2-D data.
     */
    public List<Path[]> volumePairs(String split) throws IOException {
        if (data.startsWith("nifti:")) {
            List<Path[]> pairs = new ArrayList<>();
            for (String pair : data.substring(6).split(";")) {
                String[] f = pair.split(",");
                pairs.add(new Path[] {Path.of(f[0]), Path.of(f[1])});
            }
            return pairs;
        }
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
