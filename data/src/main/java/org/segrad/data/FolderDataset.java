package org.segrad.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.segrad.io.Nifti;

/**
 * Datasets from folders (SPEC §5): {@code images/} and {@code masks/} with the same base names, optionally inside
 * {@code train/}, {@code val/}, {@code test/}. Files may be PNG/TIFF (one sample each) or NIfTI volumes
 * (.nii/.nii.gz, image and label volume, sliced along {@link Options#axis()} with {@link Options#remap()}).
 *
 * <p>Channels: a colour image is 3 channels (R, G, B), a multi-page TIFF one channel per page. Per-channel files
 * follow nnU-Net's convention: {@code images/NAME_0000.png}, {@code images/NAME_0001.png}, … are the channels of the
 * case whose mask is {@code masks/NAME.png} (or NIfTI volumes {@code NAME_0000.nii.gz} …); every case must have the
 * same channels. {@link #channelNames} names them.
 *
 * <p>Labels: {@link Options#remap()} ({@code --label-map}) maps every mask value of 2-D masks and label volumes alike;
 * with {@code classes = 0} the class count is inferred by {@link ClassInference} (0/255 binary, 0..K−1, else a clear
 * error listing the values).
 *
 * <p>Everything is read eagerly and checked before the dataset is returned: an image without a mask, a mask without
 * an image, two files with one base name, sizes that differ, a label out of range or an empty folder each give one
 * {@link IOException} naming the file.
 */
public final class FolderDataset {
    private FolderDataset() {
    }

    /** nnU-Net's per-channel file suffix: {@code NAME_0000}. */
    private static final java.util.regex.Pattern CHANNEL_FILE = java.util.regex.Pattern.compile("(.+)_(\\d{4})");

    /**
     * How to read a folder.
     *
     * @param classes         number of classes K, or 0 to infer it ({@link ClassInference})
     * @param rgbToGray       convert colour images to gray (luma) instead of 3 channels
     * @param axis            slicing axis for NIfTI volumes (0, 1, 2)
     * @param remap           label mapping ({@code --label-map}) for masks and label volumes
     * @param skipEmptySlices drop NIfTI slices without foreground
     * @param raw             keep stored intensities (for a {@link Normalization} other than none) instead of ÷ type
     *                        maximum (PNG/TIFF) or min-max per volume (NIfTI)
     */
    public record Options(int classes, boolean rgbToGray, int axis, LabelRemap remap, boolean skipEmptySlices,
                          boolean raw) {
        /** Checks the values. */
        public Options {
            if (classes < 0 || classes == 1 || classes > ClassInference.MAX_CLASSES) {
                throw new IllegalArgumentException("--classes must be 0 (infer) or in 2.." + ClassInference.MAX_CLASSES
                        + ", got " + classes);
            }
            if (axis < 0 || axis > 2) {
                throw new IllegalArgumentException("--axis must be 0, 1 or 2, got " + axis);
            }
        }

        /** Options with scaled intensities. */
        public Options(int classes, boolean rgbToGray, int axis, LabelRemap remap, boolean skipEmptySlices) {
            this(classes, rgbToGray, axis, remap, skipEmptySlices, false);
        }

        /** Infer classes, colour as 3 channels, axis 2, identity labels, keep empty slices, scaled intensities. */
        public static Options defaults() {
            return new Options(0, false, 2, LabelRemap.identity(), false, false);
        }

        /** These options with colour images read as gray ({@code true}) or as 3 channels. */
        public Options withRgbToGray(boolean gray) {
            return new Options(classes, gray, axis, remap, skipEmptySlices, raw);
        }

        /** These options with stored intensities ({@code true}) or scaled ones. */
        public Options withRaw(boolean r) {
            return new Options(classes, rgbToGray, axis, remap, skipEmptySlices, r);
        }

        /** These options with {@code k} classes (0 = infer). */
        public Options withClasses(int k) {
            return new Options(k, rgbToGray, axis, remap, skipEmptySlices, raw);
        }
    }

    /** Whether {@code root} holds a {@code train/} folder (and so is split by folder). */
    public static boolean hasSplitFolders(Path root) {
        return Files.isDirectory(root.resolve("train"));
    }

    /**
     * Opens a dataset folder. With {@code train/}: train, val and test come from their folders (a missing
     * {@code val/} is cut from train by {@code valFraction}; a missing {@code test/} is empty). Without: the
     * {@code images/}, {@code masks/} of {@code root} are split by the fractions with {@code seed}. Inferred class
     * counts are unified across the parts.
     */
    public static Splits.Split open(Path root, Options o, double valFraction, double testFraction, long seed)
            throws IOException {
        if (!hasSplitFolders(root)) {
            Dataset all = load(root, o);
            try {
                return Splits.byFraction(all, valFraction, testFraction, seed);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        Dataset train = load(root.resolve("train"), o);
        Dataset val = Files.isDirectory(root.resolve("val")) ? load(root.resolve("val"), o) : null;
        Dataset test = Files.isDirectory(root.resolve("test")) ? load(root.resolve("test"), o) : null;
        int k = train.classes();
        k = Math.max(k, val == null ? 0 : val.classes());
        k = Math.max(k, test == null ? 0 : test.classes());
        if (val == null) {
            try {
                Splits.Split s = Splits.byFraction(train, valFraction, 0, seed);
                train = s.train();
                val = s.val();
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        if (test == null) {
            test = new InMemoryDataset(root + "/test", k, List.of());
        }
        return new Splits.Split(withClasses(train, k), withClasses(val, k), withClasses(test, k));
    }

    /**
     * Loads {@code dir/images} and {@code dir/masks}.
     *
     * @throws IOException naming the folder or file at fault
     */
    public static Dataset load(Path dir, Options o) throws IOException {
        Path imgDir = dir.resolve("images");
        Path maskDir = dir.resolve("masks");
        if (!Files.isDirectory(imgDir) || !Files.isDirectory(maskDir)) {
            throw new IOException("dataset folder " + dir + " must contain images/ and masks/ (found "
                    + (Files.isDirectory(imgDir) ? "images/" : "no images/") + ", "
                    + (Files.isDirectory(maskDir) ? "masks/" : "no masks/") + ")");
        }
        Map<String, Path> masks = list(maskDir);
        Map<String, List<Path>> images = cases(list(imgDir), masks.keySet());
        if (images.isEmpty()) {
            throw new IOException("dataset folder " + imgDir + " holds no images (expected .png, .tif, .tiff, .nii, "
                    + ".nii.gz)");
        }
        for (String base : masks.keySet()) {
            if (!images.containsKey(base)) {
                throw new IOException("mask " + masks.get(base) + " has no image " + base + ".* (or " + base
                        + "_0000.*) in " + imgDir);
            }
        }
        List<Sample> samples = new ArrayList<>();
        int channels = -1;
        for (Map.Entry<String, List<Path>> e : images.entrySet()) {
            Path mask = masks.get(e.getKey());
            if (mask == null) {
                throw new IOException("image " + e.getValue().get(0) + " has no mask " + e.getKey() + ".* in " + maskDir);
            }
            for (Sample s : readCase(e.getValue(), mask, o)) {
                if (channels >= 0 && s.channels() != channels) {
                    throw new IOException("image " + e.getValue().get(0) + " has " + s.channels()
                            + " channels but the first image of " + imgDir + " has " + channels
                            + " (use --rgb-to-gray to read colour images as gray)");
                }
                channels = s.channels();
                samples.add(s);
            }
        }
        int k = o.classes();
        try {
            if (k == 0) {
                k = ClassInference.inferAndMap(samples, "masks in " + maskDir);
            }
            return new InMemoryDataset(dir.toString(), k, samples);
        } catch (IllegalArgumentException ex) {
            throw new IOException(ex.getMessage(), ex);
        }
    }

    /**
     * The names of the input channels of a dataset folder: {@code gray}, {@code R G B}, {@code page1 …} (a TIFF
     * stack), the {@code 0000 0001 …} suffixes of per-channel files, or {@code ch0 …} for NIfTI.
     */
    public static List<String> channelNames(Path root, Options o) throws IOException {
        Path dir = hasSplitFolders(root) ? root.resolve("train") : root;
        Map<String, List<Path>> images = cases(list(dir.resolve("images")), list(dir.resolve("masks")).keySet());
        if (images.isEmpty()) {
            throw new IOException("dataset folder " + dir.resolve("images") + " holds no images");
        }
        List<Path> first = images.values().iterator().next();
        List<String> names = new ArrayList<>();
        if (first.size() > 1) {
            for (Path p : first) {
                String b = ImageFiles.baseName(p);
                names.add(b.substring(b.length() - 4));
            }
        } else if (isNifti(first.get(0))) {
            names.add("ch0");
        } else {
            names.addAll(ImageFiles.readPicture(first.get(0), o.rgbToGray(), false).channels());
        }
        return names;
    }

    /** Images without masks, scaled (÷ type maximum), one file per sample: {@link #loadImages(Path, Options, boolean)}. */
    public static List<Sample> loadImages(Path dirOrFile, boolean rgbToGray) throws IOException {
        return loadImages(dirOrFile, Options.defaults().withRgbToGray(rgbToGray), false);
    }

    /**
     * Images without masks, for prediction: every PNG/TIFF in {@code dirOrFile} (sorted by name), or that one file;
     * with {@code perChannelFiles}, {@code NAME_0000, NAME_0001 …} files are stacked into one sample NAME (the folder
     * convention of {@link #load}). Intensities as {@link Options#raw()} says.
     *
     * @throws IOException if there is no image or one cannot be read
     */
    public static List<Sample> loadImages(Path dirOrFile, Options o, boolean perChannelFiles) throws IOException {
        if (Files.isRegularFile(dirOrFile)) {
            return List.of(ImageFiles.readPicture(dirOrFile, o.rgbToGray(), o.raw()).sample());
        }
        if (!Files.isDirectory(dirOrFile)) {
            throw new IOException("image path " + dirOrFile + " does not exist");
        }
        Map<String, Path> files = list(dirOrFile);
        java.util.Set<String> groups = new java.util.TreeSet<>();
        for (String base : files.keySet()) {
            java.util.regex.Matcher m = CHANNEL_FILE.matcher(base);
            if (perChannelFiles && m.matches()) {
                groups.add(m.group(1));
            }
        }
        List<Sample> out = new ArrayList<>();
        for (List<Path> c : cases(files, groups).values()) {
            if (isNifti(c.get(0))) {
                throw new IOException("image " + c.get(0) + " is a NIfTI volume; predict expects PNG or TIFF images");
            }
            out.add(readChannels(c, o));
        }
        if (out.isEmpty()) {
            throw new IOException("folder " + dirOrFile + " holds no images (expected .png, .tif, .tiff)");
        }
        return out;
    }

    /**
     * Groups image files into cases: {@code NAME_0000 …} files whose {@code NAME} has a mask (and no file of its own)
     * become one case of several channels, in suffix order; every other file is a case of its own.
     */
    static Map<String, List<Path>> cases(Map<String, Path> files, java.util.Set<String> maskNames) throws IOException {
        Map<String, List<Path>> out = new TreeMap<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            java.util.regex.Matcher m = CHANNEL_FILE.matcher(e.getKey());
            boolean channel = m.matches() && maskNames.contains(m.group(1)) && !maskNames.contains(e.getKey())
                    && !files.containsKey(m.group(1));
            String key = channel ? m.group(1) : e.getKey();
            out.computeIfAbsent(key, x -> new ArrayList<>()).add(e.getValue());
        }
        for (Map.Entry<String, List<Path>> e : out.entrySet()) {
            List<Path> ps = e.getValue();
            for (int i = 0; i < ps.size(); i++) {
                String b = ImageFiles.baseName(ps.get(i));
                if (ps.size() > 1 && !b.equals(e.getKey() + String.format("_%04d", i))) {
                    throw new IOException("case " + e.getKey() + ": channel files must be numbered " + e.getKey()
                            + "_0000, " + e.getKey() + "_0001, … without gaps but file " + (i + 1) + " is " + ps.get(i).getFileName());
                }
            }
        }
        return out;
    }

    private static List<Sample> readCase(List<Path> channelFiles, Path mask, Options o) throws IOException {
        Path image = channelFiles.get(0);
        boolean volImage = isNifti(image);
        if (volImage != isNifti(mask)) {
            throw new IOException("image " + image + " and mask " + mask + " must both be NIfTI or both be 2-D images");
        }
        int k = o.classes() == 0 ? Integer.MAX_VALUE : o.classes();
        if (volImage) {
            try {
                List<org.segrad.io.NiftiVolume> vols = new ArrayList<>();
                for (Path p : channelFiles) {
                    vols.add(Nifti.read(p));
                }
                return NiftiDataset.slices(vols, Nifti.read(mask), o.axis(), o.remap(), k, o.skipEmptySlices(), 1, o.raw());
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        Sample img = readChannels(channelFiles, o);
        ImageFiles.Mask m;
        if (o.remap().isIdentity() && o.classes() != 0) {
            m = ImageFiles.readMask(mask, o.classes());
        } else {
            m = ImageFiles.readMaskValues(mask);
            int[] ids = m.labels();
            for (int i = 0; i < ids.length; i++) {
                try {
                    ids[i] = o.remap().apply(ids[i]);
                } catch (IllegalArgumentException e) {
                    throw new IOException("mask " + mask + " pixel (" + (i % m.w()) + "," + (i / m.w()) + "): "
                            + e.getMessage() + " (see --label-map)", e);
                }
                if (ids[i] >= k) {
                    throw new IOException("mask " + mask + " pixel (" + (i % m.w()) + "," + (i / m.w()) + ") = " + ids[i]
                            + " after --label-map but classes = " + o.classes());
                }
            }
        }
        ImageFiles.checkSameSize(image, img, mask, m);
        return List.of(new Sample(img.image(), img.channels(), img.h(), img.w(), m.labels(), img.name()));
    }

    /** The channels of one case: one file's channels, or per-channel files stacked in order (all of one size). */
    public static Sample readChannels(List<Path> files, Options o) throws IOException {
        Sample first = ImageFiles.readPicture(files.get(0), o.rgbToGray(), o.raw()).sample();
        if (files.size() == 1) {
            return first;
        }
        int plane = first.h() * first.w();
        float[] all = new float[plane * files.size()];
        for (int c = 0; c < files.size(); c++) {
            Sample s = c == 0 ? first : ImageFiles.readPicture(files.get(c), o.rgbToGray(), o.raw()).sample();
            if (s.channels() != 1 || s.h() != first.h() || s.w() != first.w()) {
                throw new IOException("channel file " + files.get(c) + " is " + s.w() + "x" + s.h() + " with " + s.channels()
                        + " channels but " + files.get(0).getFileName() + " is " + first.w() + "x" + first.h()
                        + " with 1 (per-channel files hold one gray plane each)");
            }
            System.arraycopy(s.image(), 0, all, c * plane, plane);
        }
        String name = ImageFiles.baseName(files.get(0));
        return new Sample(all, files.size(), first.h(), first.w(), null, name.substring(0, name.length() - 5));
    }

    private static boolean isNifti(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".nii") || n.endsWith(".nii.gz");
    }

    private static Map<String, Path> list(Path dir) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                String n = p.getFileName().toString();
                String lower = n.toLowerCase(Locale.ROOT);
                int dot = lower.lastIndexOf('.');
                boolean known = isNifti(p) || (dot > 0 && ImageFiles.EXTENSIONS.contains(lower.substring(dot + 1)));
                if (!known || n.startsWith(".") || !Files.isRegularFile(p)) {
                    continue;
                }
                Path prev = out.put(ImageFiles.baseName(p), p);
                if (prev != null) {
                    throw new IOException("two files with base name " + ImageFiles.baseName(p) + " in " + dir + ": "
                            + prev.getFileName() + " and " + n);
                }
            }
        }
        return out;
    }

    private static Dataset withClasses(Dataset d, int k) {
        return d.classes() == k ? d : new InMemoryDataset(d.name(), k, d.samples());
    }
}
