package org.segrad.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.segrad.data.ImageFiles;

/**
 * Where {@code predict} writes the result of each input: under {@code --out}, at the input's path relative to the
 * inputs' common folder, so that names never collide and the layout mirrors the inputs.
 *
 * <p>The common folder is the deepest folder containing every input (a folder input counts as itself, a file as its
 * parent). So {@code predict imgs/} writes {@code OUT/x_mask.png} for {@code imgs/x.png}; {@code predict a/x.png b/x.png}
 * writes {@code OUT/a/x_mask.png} and {@code OUT/b/x_mask.png}. A folder contributes its image files (not
 * recursively, sorted by name). A file listed twice is predicted once; two sources that would share an output name
 * ({@code x.png} and {@code x.tif} side by side) are an error naming both. Everything is listed and checked before
 * anything is written.
 */
final class PredictTargets {
    /** One input file and the output path its results start with (append "_mask.png", …). */
    record Target(Path source, Path outputStem) {}

    private PredictTargets() {}

    static List<Target> list(List<Path> inputs, Path out, Predicate<Path> accepted) throws IOException {
        List<Path> files = new ArrayList<>();
        Path common = null;
        for (Path in : inputs) {
            Path abs = in.toAbsolutePath().normalize();
            Path folder;
            if (Files.isRegularFile(abs)) {
                if (!accepted.test(abs)) throw new IllegalArgumentException("IMAGE " + in + " is not an image (expected .png, .tif, .tiff, .nii, .nii.gz)");
                files.add(abs);
                folder = abs.getParent();
            } else if (Files.isDirectory(abs)) {
                List<Path> inside;
                try (Stream<Path> s = Files.list(abs)) {
                    inside = s.filter(p -> Files.isRegularFile(p) && accepted.test(p)).sorted().toList();
                }
                if (inside.isEmpty()) throw new IllegalArgumentException("IMAGE folder " + in + " holds no images (expected .png, .tif, .tiff, .nii, .nii.gz)");
                files.addAll(inside);
                folder = abs;
            } else {
                throw new IllegalArgumentException("IMAGE " + in + " does not exist");
            }
            common = common == null ? folder : commonAncestor(common, folder);
        }
        Map<Path, Target> byStem = new LinkedHashMap<>();
        Map<Path, Boolean> seen = new LinkedHashMap<>();
        List<Target> targets = new ArrayList<>();
        for (Path f : files) {
            if (seen.put(f, Boolean.TRUE) != null) continue;
            Path rel = common.relativize(f);
            Path stem = out.resolve(rel).resolveSibling(ImageFiles.baseName(f));
            Target t = new Target(f, stem);
            Target clash = byStem.putIfAbsent(stem.toAbsolutePath().normalize(), t);
            if (clash != null) {
                throw new IllegalArgumentException("IMAGE " + clash.source() + " and " + f + " would both be written as " + stem
                        + "_mask.png; rename one or predict them separately");
            }
            targets.add(t);
        }
        return targets;
    }

    /** Whether the file name ends in one of {@link ImageFiles#EXTENSIONS}. */
    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && ImageFiles.EXTENSIONS.contains(n.substring(dot + 1));
    }

    private static Path commonAncestor(Path a, Path b) {
        Path c = a;
        while (c != null && !b.startsWith(c)) c = c.getParent();
        return c == null ? a.getRoot() : c;
    }
}
