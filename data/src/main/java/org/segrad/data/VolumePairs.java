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

/**
 * The NIfTI image/label volume pairs of a dataset folder ({@code images/NAME.nii[.gz]} with {@code masks/NAME.nii[.gz]},
 * matched by base name, sorted), for metrics computed per whole volume.
 */
public final class VolumePairs {
    private VolumePairs() {
    }

    /** Whether the file name ends in {@code .nii} or {@code .nii.gz} (any case). */
    public static boolean isNifti(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".nii") || n.endsWith(".nii.gz");
    }

    /** The {@code .nii}/{@code .nii.gz} files directly in {@code dir}, sorted by name (none if it is no folder). */
    public static List<Path> volumesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && isNifti(p) && !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    /**
     * The volume pairs of {@code dir/images} and {@code dir/masks}; empty when {@code dir/images} holds no volume.
     *
     * @throws IOException if a volume has no label volume of the same base name
     */
    public static List<Path[]> of(Path dir) throws IOException {
        Map<String, Path> labels = new TreeMap<>();
        for (Path p : volumesIn(dir.resolve("masks"))) labels.put(ImageFiles.baseName(p), p);
        List<Path[]> out = new ArrayList<>();
        for (Path image : volumesIn(dir.resolve("images"))) {
            Path label = labels.get(ImageFiles.baseName(image));
            if (label == null) {
                throw new IOException("volume " + image + " has no label volume " + ImageFiles.baseName(image)
                        + ".nii[.gz] in " + dir.resolve("masks"));
            }
            out.add(new Path[] {image, label});
        }
        return out;
    }
}
