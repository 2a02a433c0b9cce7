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
 * <p>Everything is read eagerly and checked before the dataset is returned: an image without a mask, a mask without
 * an image, two files with one base name, sizes that differ, a label out of range or an empty folder each give one
 * {@link IOException} naming the file.
 */
public final class FolderDataset {
    private FolderDataset() {
    }

    /**
     * How to read a folder.
     *
     * @param classes         number of classes K, or 0 to infer it (max label + 1, at least 2; 0/255 masks count
     *                        as binary)
     * @param rgbToGray       convert colour images to gray (luma) instead of refusing them
     * @param axis            slicing axis for NIfTI volumes (0, 1, 2)
     * @param remap           label mapping for NIfTI label volumes
     * @param skipEmptySlices drop NIfTI slices without foreground
     */
    public record Options(int classes, boolean rgbToGray, int axis, LabelRemap remap, boolean skipEmptySlices) {
        /** Checks the values. */
        public Options {
            if (classes < 0 || classes == 1) {
                throw new IllegalArgumentException("classes = " + classes + " but must be 0 (infer) or >= 2");
            }
            if (axis < 0 || axis > 2) {
                throw new IllegalArgumentException("axis = " + axis + " but must be 0, 1 or 2");
            }
        }

        /** Infer classes, refuse colour, axis 2, identity labels, keep empty slices. */
        public static Options defaults() {
            return new Options(0, false, 2, LabelRemap.identity(), false);
        }

        /** These options with {@code k} classes (0 = infer). */
        public Options withClasses(int k) {
            return new Options(k, rgbToGray, axis, remap, skipEmptySlices);
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
        Map<String, Path> images = list(imgDir);
        Map<String, Path> masks = list(maskDir);
        if (images.isEmpty()) {
            throw new IOException("dataset folder " + imgDir + " holds no images (expected .png, .tif, .tiff, .nii, "
                    + ".nii.gz)");
        }
        for (String base : masks.keySet()) {
            if (!images.containsKey(base)) {
                throw new IOException("mask " + masks.get(base) + " has no image " + base + ".* in " + imgDir);
            }
        }
        int readClasses = o.classes() == 0 ? 0 : o.classes();
        List<Sample> samples = new ArrayList<>();
        for (Map.Entry<String, Path> e : images.entrySet()) {
            Path mask = masks.get(e.getKey());
            if (mask == null) {
                throw new IOException("image " + e.getValue() + " has no mask " + e.getKey() + ".* in " + maskDir);
            }
            samples.addAll(readPair(e.getValue(), mask, readClasses, o));
        }
        int k = o.classes();
        if (k == 0) {
            k = 2;
            for (Sample s : samples) {
                for (int v : s.mask()) {
                    k = Math.max(k, v + 1);
                }
            }
        }
        try {
            return new InMemoryDataset(dir.toString(), k, samples);
        } catch (IllegalArgumentException ex) {
            throw new IOException(ex.getMessage(), ex);
        }
    }

    /**
     * Images without masks, for prediction: every PNG/TIFF in {@code dirOrFile} (sorted by name), or that one file.
     *
     * @throws IOException if there is no image or one cannot be read
     */
    public static List<Sample> loadImages(Path dirOrFile, boolean rgbToGray) throws IOException {
        if (Files.isRegularFile(dirOrFile)) {
            return List.of(ImageFiles.readImage(dirOrFile, rgbToGray));
        }
        if (!Files.isDirectory(dirOrFile)) {
            throw new IOException("image path " + dirOrFile + " does not exist");
        }
        List<Sample> out = new ArrayList<>();
        for (Path p : list(dirOrFile).values()) {
            if (isNifti(p)) {
                throw new IOException("image " + p + " is a NIfTI volume; predict expects PNG or TIFF images");
            }
            out.add(ImageFiles.readImage(p, rgbToGray));
        }
        if (out.isEmpty()) {
            throw new IOException("folder " + dirOrFile + " holds no images (expected .png, .tif, .tiff)");
        }
        return out;
    }

    private static List<Sample> readPair(Path image, Path mask, int classes, Options o) throws IOException {
        boolean volImage = isNifti(image);
        if (volImage != isNifti(mask)) {
            throw new IOException("image " + image + " and mask " + mask + " must both be NIfTI or both be 2-D images");
        }
        if (!volImage) {
            return List.of(ImageFiles.readPair(image, mask, classes == 0 ? ImageFiles.INFER_CLASSES : classes,
                    o.rgbToGray()));
        }
        try {
            int k = classes == 0 ? Integer.MAX_VALUE : classes;
            return NiftiDataset.slices(Nifti.read(image), Nifti.read(mask), o.axis(), o.remap(), k,
                    o.skipEmptySlices(), 1);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
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
