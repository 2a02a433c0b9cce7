package org.segrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.io.ImageCodec;
import org.segrad.io.NiftiBytes;

/** Class inference from mask values, --label-map on folder masks, per-channel files and colour / stacked inputs. */
class LabelMapsTest {
    @TempDir
    Path root;

    private static Sample masked(int... m) {
        return Sample.gray(new float[m.length], 1, m.length, m, "m");
    }

    private static int infer(int... values) {
        return ClassInference.inferAndMap(List.of(masked(values)), "masks");
    }

    @Test
    void inferenceRules() {
        assertEquals(2, infer(0, 255, 0));
        assertEquals(2, infer(0, 1));
        assertEquals(2, infer(0, 0));
        assertEquals(2, infer(1, 1)); // 0 may be absent
        assertEquals(4, infer(0, 1, 2, 3, 3));
        assertEquals(256, infer(0, 255, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
                26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57,
                58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89,
                90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116,
                117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141,
                142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166,
                167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191,
                192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216,
                217, 218, 219, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241,
                242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254));
        Sample binary = masked(0, 255, 255);
        ClassInference.inferAndMap(List.of(binary), "masks");
        assertArrayEquals(new int[] {0, 1, 1}, binary.mask());
    }

    @Test
    void nonClassValuesAreOneErrorWithCountsAndASuggestion() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> infer(0, 128, 128, 0, 0));
        assertTrue(e.getMessage().contains("0 (3 px), 128 (2 px)") && e.getMessage().contains("--label-map 0:0,128:1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> infer(0, 85, 170, 255));
        assertThrows(IllegalArgumentException.class, () -> infer(0, 1, 200)); // one stray value
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> infer(0, 60000));
        assertTrue(big.getMessage().contains("60000 (1 px)"), big.getMessage());
        int[] ids = new int[300];
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class, () -> infer(ids));
        assertTrue(many.getMessage().contains("at most 256"), many.getMessage());
    }

    private void writePair(Path dir, String name, int[] mask, int w, int h) throws IOException {
        int[] img = new int[w * h];
        for (int i = 0; i < img.length; i++) img[i] = (i * 37) % 256;
        ImageCodec.write(dir.resolve("images/" + name + ".png"), new ImageCodec.Image(w, h, 1, 8, img, "gray"));
        ImageCodec.write(dir.resolve("masks/" + name + ".png"), new ImageCodec.Image(w, h, 1, 8, mask, "gray"));
    }

    @Test
    void maskOf0And128IsAnErrorAndTrainsWithALabelMap() throws IOException {
        int[] m = new int[16];
        for (int i = 8; i < 16; i++) m[i] = 128;
        writePair(root, "a", m, 4, 4);
        writePair(root, "b", m, 4, 4);
        IOException e = assertThrows(IOException.class, () -> FolderDataset.load(root, FolderDataset.Options.defaults()));
        assertTrue(e.getMessage().contains("128 (16 px)") && e.getMessage().contains("--label-map"), e.getMessage());
        FolderDataset.Options o = new FolderDataset.Options(0, false, 2, LabelRemap.parse("0:0,128:1"), false);
        Dataset d = FolderDataset.load(root, o);
        assertEquals(2, d.classes());
        assertEquals(1, d.get(0).mask()[15]);
        // An unmapped value names the mask file and the flag.
        FolderDataset.Options partial = new FolderDataset.Options(0, false, 2, LabelRemap.parse("0:0"), false);
        IOException e2 = assertThrows(IOException.class, () -> FolderDataset.load(root, partial));
        assertTrue(e2.getMessage().contains("a.png") && e2.getMessage().contains("--label-map"), e2.getMessage());
    }

    @Test
    void rgbImagesAreThreeChannelsAndStacksAreChannels() throws IOException {
        int[] rgb = new int[3 * 16];
        for (int i = 0; i < rgb.length; i++) rgb[i] = i * 5;
        ImageCodec.write(root.resolve("images/c.png"), new ImageCodec.Image(4, 4, 3, 8, rgb, "RGB"));
        ImageCodec.write(root.resolve("masks/c.png"), new ImageCodec.Image(4, 4, 1, 8, new int[16], "gray"));
        Dataset d = FolderDataset.load(root, FolderDataset.Options.defaults());
        assertEquals(3, d.get(0).channels());
        assertEquals(List.of("R", "G", "B"), FolderDataset.channelNames(root, FolderDataset.Options.defaults()));
        assertEquals(1, FolderDataset.load(root, FolderDataset.Options.defaults().withRgbToGray(true)).get(0).channels());
        Files.delete(root.resolve("images/c.png"));
        ImageCodec.writeTiffStack(root.resolve("images/c.tif"), new ImageCodec.Image(4, 4, 2, 16, java.util.Arrays.copyOf(rgb, 32), "s"));
        Sample s = FolderDataset.load(root, FolderDataset.Options.defaults().withRaw(true)).get(0);
        assertEquals(2, s.channels());
        assertEquals(rgb[20], s.image()[20], 0);
    }

    @Test
    void perChannelFilesFollowTheNnUNetConvention() throws IOException {
        for (String c : new String[] {"case1", "case2"}) {
            for (int ch = 0; ch < 3; ch++) {
                int[] v = new int[16];
                java.util.Arrays.fill(v, 10 * ch + 1);
                ImageCodec.write(root.resolve("images/" + c + String.format("_%04d.png", ch)), new ImageCodec.Image(4, 4, 1, 8, v, "g"));
            }
            ImageCodec.write(root.resolve("masks/" + c + ".png"), new ImageCodec.Image(4, 4, 1, 8, new int[16], "gray"));
        }
        FolderDataset.Options raw = FolderDataset.Options.defaults().withRaw(true);
        Dataset d = FolderDataset.load(root, raw);
        assertEquals(2, d.size());
        assertEquals("case1", d.get(0).name());
        assertEquals(3, d.get(0).channels());
        assertEquals(21f, d.get(0).image()[2 * 16]);
        assertEquals(List.of("0000", "0001", "0002"), FolderDataset.channelNames(root, raw));
        assertEquals(2, FolderDataset.loadImages(root.resolve("images"), raw, true).size());
        Files.delete(root.resolve("images/case2_0001.png"));
        IOException e = assertThrows(IOException.class, () -> FolderDataset.load(root, raw));
        assertTrue(e.getMessage().contains("case2_0002"), e.getMessage());
    }

    @Test
    void multiModalNiftiCasesAreChannelsAndClassesAreInferred() throws IOException {
        NiftiBytes t1 = new NiftiBytes().dims(4, 3, 2).type(2, 8);
        NiftiBytes t2 = new NiftiBytes().dims(4, 3, 2).type(2, 8);
        NiftiBytes lab = new NiftiBytes().dims(4, 3, 2).type(2, 8);
        t1.values = new double[24];
        t2.values = new double[24];
        lab.values = new double[24];
        for (int i = 0; i < 24; i++) {
            t1.values[i] = i;
            t2.values[i] = 100 - i;
            lab.values[i] = i % 3;
        }
        Files.write(root.resolve("t1.nii"), t1.bytes());
        Files.write(root.resolve("t2.nii"), t2.bytes());
        Files.write(root.resolve("lab.nii"), lab.bytes());
        Dataset d = NiftiDataset.load("n", List.<Path[]>of(new Path[] {root.resolve("t1.nii"), root.resolve("t2.nii"),
                root.resolve("lab.nii")}), 2, LabelRemap.identity(), 0, false, true);
        assertEquals(3, d.classes()); // inferred, not "classes = 0"
        assertEquals(2, d.get(0).channels());
        for (int i = 0; i < 12; i++) assertEquals(100f - d.get(0).image()[i], d.get(0).image()[12 + i], "pixel " + i);
    }
}
