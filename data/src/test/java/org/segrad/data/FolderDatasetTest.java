package org.segrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.io.NiftiBytes;

class FolderDatasetTest {
    @TempDir
    Path root;

    /** Writes synthetic cells into dir/images and dir/masks as PNG (masks 0/255) or 16-bit TIFF. */
    static void writeCells(Path dir, int n, int seed, boolean tiff) throws IOException {
        Dataset d = SyntheticCells.defaults().withSize(32, 48).withCount(n).withSeed(seed).generate();
        for (Sample s : d.samples()) {
            if (tiff) {
                ImageFiles.writeGray16(dir.resolve("images/" + s.name() + ".tif"), s.image(), s.h(), s.w());
            } else {
                ImageFiles.writeGray8(dir.resolve("images/" + s.name() + ".png"), s.image(), s.h(), s.w());
            }
            ImageFiles.writeMask(dir.resolve("masks/" + s.name() + ".png"), s.mask(), s.h(), s.w(), 2);
        }
    }

    private IOException failure(Path dir) {
        return assertThrows(IOException.class, () -> FolderDataset.load(dir, FolderDataset.Options.defaults()));
    }

    @Test
    void loadsPairsAndInfersBinaryClasses() throws IOException {
        writeCells(root, 5, 3, true);
        Dataset d = FolderDataset.load(root, FolderDataset.Options.defaults());
        assertEquals(5, d.size());
        assertEquals(2, d.classes());
        Sample orig = SyntheticCells.defaults().withSize(32, 48).withSeed(3).sample(2);
        Sample read = d.get(2);
        assertEquals("cells-0002", read.name());
        assertArrayEquals(orig.mask(), read.mask());
        for (int i = 0; i < orig.image().length; i++) {
            assertEquals(orig.image()[i], read.image()[i], 1.0 / 65535);
        }
    }

    @Test
    void splitFoldersAreUsedAndMissingValIsCutFromTrain() throws IOException {
        writeCells(root.resolve("train"), 6, 1, false);
        writeCells(root.resolve("test"), 2, 2, false);
        Splits.Split s = FolderDataset.open(root, FolderDataset.Options.defaults(), 0.34, 0.5, 9);
        assertEquals(4, s.train().size());
        assertEquals(2, s.val().size());
        assertEquals(2, s.test().size());
        Files.createDirectories(root.resolve("val"));
        writeCells(root.resolve("val"), 1, 5, false);
        Splits.Split t = FolderDataset.open(root, FolderDataset.Options.defaults(), 0.34, 0.5, 9);
        assertEquals(6, t.train().size());
        assertEquals(1, t.val().size());
    }

    @Test
    void flatFolderIsSplitByFraction() throws IOException {
        writeCells(root, 10, 4, false);
        Splits.Split s = FolderDataset.open(root, FolderDataset.Options.defaults(), 0.2, 0.2, 1);
        assertEquals(6, s.train().size());
        assertEquals(2, s.val().size());
        assertEquals(2, s.test().size());
    }

    @Test
    void niftiVolumesInFoldersAreSliced() throws IOException {
        NiftiBytes img = new NiftiBytes().dims(4, 3, 5).type(4, 16);
        img.values = new double[60];
        NiftiBytes lab = new NiftiBytes().dims(4, 3, 5).type(2, 8);
        lab.values = new double[60];
        for (int i = 0; i < 60; i++) {
            img.values[i] = i;
            lab.values[i] = i >= 24 ? 3 : 0; // z >= 2 has label 3
        }
        Files.createDirectories(root.resolve("images"));
        Files.createDirectories(root.resolve("masks"));
        Files.write(root.resolve("images/vol.nii.gz"), NiftiBytes.gzip(img.bytes()));
        Files.write(root.resolve("masks/vol.nii"), lab.bytes());
        FolderDataset.Options o = new FolderDataset.Options(0, false, 2, LabelRemap.greaterThan(0), true);
        Dataset d = FolderDataset.load(root, o);
        assertEquals(3, d.size());
        assertEquals("vol_a2_002", d.get(0).name());
        assertEquals(3, d.get(0).h());
        assertEquals(4, d.get(0).w());
        assertEquals(1f, d.get(2).image()[3]); // min-max scaled: voxel 59 at row 0 (y = 2), column 3 → 1
        IOException e = assertThrows(IOException.class,
                () -> FolderDataset.load(root, new FolderDataset.Options(2, false, 2, LabelRemap.identity(), false)));
        assertTrue(e.getMessage().contains("class 3 but classes = 2"), e.getMessage());
    }

    @Test
    void emptyFolderIsOneClearError() throws IOException {
        Files.createDirectories(root.resolve("images"));
        Files.createDirectories(root.resolve("masks"));
        IOException e = failure(root);
        assertTrue(e.getMessage().contains("holds no images"), e.getMessage());
        IOException e2 = failure(root.resolve("nothing"));
        assertTrue(e2.getMessage().contains("must contain images/ and masks/"), e2.getMessage());
    }

    @Test
    void missingMaskOrImageAndDuplicateBaseNames() throws IOException {
        writeCells(root, 2, 1, false);
        Files.delete(root.resolve("masks/cells-0001.png"));
        assertTrue(failure(root).getMessage().contains("cells-0001.png has no mask"));
        ImageFiles.writeMask(root.resolve("masks/cells-0001.png"), new int[32 * 48], 32, 48, 2);
        ImageFiles.writeMask(root.resolve("masks/extra.png"), new int[4], 2, 2, 2);
        assertTrue(failure(root).getMessage().contains("extra.png has no image"));
        Files.delete(root.resolve("masks/extra.png"));
        ImageFiles.writeGray8(root.resolve("images/cells-0001.tif"), new float[4], 2, 2);
        assertTrue(failure(root).getMessage().contains("two files with base name cells-0001"));
    }

    @Test
    void corruptMemberFilesNameTheFile() throws IOException {
        writeCells(root, 2, 1, false);
        Path m = root.resolve("masks/cells-0000.png");
        ImageFiles.writeMask(m, new int[20 * 10], 20, 10, 2);
        assertTrue(failure(root).getMessage().contains("cells-0000.png is 10x20"));
        ImageFiles.writeMask(m, fill(32 * 48, 5), 32, 48, 6);
        IOException e = assertThrows(IOException.class,
                () -> FolderDataset.load(root, FolderDataset.Options.defaults().withClasses(2)));
        assertTrue(e.getMessage().contains("cells-0000.png pixel (0,0) = 5 but classes = 2"), e.getMessage());
        // Issue 12: 0/255 in one mask and 5 in another is no longer a silent 6-class model but one clear error.
        IOException mixed = failure(root);
        assertTrue(mixed.getMessage().contains("5 (1536 px)") && mixed.getMessage().contains("--label-map"), mixed.getMessage());
        Path img = root.resolve("images/cells-0001.png");
        byte[] b = Files.readAllBytes(img);
        Files.write(img, Arrays.copyOf(b, b.length / 3));
        assertTrue(failure(root).getMessage().contains("cells-0001.png"));
    }

    @Test
    void imagesWithoutMasksForPrediction() throws IOException {
        writeCells(root, 3, 2, false);
        java.util.List<Sample> imgs = FolderDataset.loadImages(root.resolve("images"), false);
        assertEquals(3, imgs.size());
        assertEquals(null, imgs.get(0).mask());
        assertEquals(1, FolderDataset.loadImages(root.resolve("images/cells-0001.png"), false).size());
        Files.createDirectories(root.resolve("empty"));
        assertThrows(IOException.class, () -> FolderDataset.loadImages(root.resolve("empty"), false));
    }

    private static int[] fill(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }
}
