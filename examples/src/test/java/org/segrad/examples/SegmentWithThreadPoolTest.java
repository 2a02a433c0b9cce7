package org.segrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.data.Dataset;
import org.segrad.data.ImageFiles;
import org.segrad.data.Sample;
import org.segrad.data.SyntheticCells;
import org.segrad.nn.UNet;
import org.segrad.train.Segmenter;

class SegmentWithThreadPoolTest {

    /** Nine cell images in three sizes (two not multiples of the U-Net's 4), written as 16-bit PNGs. */
    private static Path writeImages(Path dir) throws IOException {
        Files.createDirectories(dir);
        int[][] sizes = {{64, 64}, {40, 56}, {37, 61}};
        for (int k = 0; k < sizes.length; k++) {
            Dataset ds = SyntheticCells.defaults().withCount(3).withSize(sizes[k][0], sizes[k][1]).withSeed(10 + k).generate();
            for (Sample s : ds.samples()) {
                ImageFiles.writeGray16(dir.resolve(s.name() + "-" + k + ".png"), s.image(), s.h(), s.w());
            }
        }
        return dir;
    }

    @Test
    void threadPoolMasksEqualSequentialPredictions(@TempDir Path tmp) throws Exception {
        Path images = writeImages(tmp.resolve("images"));
        // A briefly trained model (an untrained one predicts one class everywhere); the reference is one Segmenter
        // on one copy of it, predicting image after image.
        Path cells = TrainFromCode.writeCellsFolder(tmp.resolve("cells"), 16, 48, 2);
        Path modelFile = TrainFromCode.train(cells, tmp.resolve("run"), 6, false).model();
        UNet model = SegmentWithThreadPool.loadModel(modelFile, 2);

        List<Path> masks = SegmentWithThreadPool.segment(modelFile, 2, images, tmp.resolve("masks"), 3);

        List<Path> inputs = new ArrayList<>();
        try (var files = Files.list(images)) {
            files.sorted().forEach(inputs::add);
        }
        assertEquals(9, masks.size());
        Segmenter sequential = new Segmenter(model);
        int foreground = 0, pixels = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Sample s = ImageFiles.readImage(inputs.get(i), false);
            assertEquals(tmp.resolve("masks").resolve(s.name() + ".png"), masks.get(i));
            ImageFiles.Mask written = ImageFiles.readMask(masks.get(i), 2);
            assertEquals(s.h(), written.h());
            assertEquals(s.w(), written.w());
            int[] expected = sequential.predict(s);
            assertArrayEquals(expected, written.labels(), "mask of " + s.name());
            foreground += Arrays.stream(expected).sum();
            pixels += expected.length;
        }
        // The comparison means something only if the masks are not constant.
        assertTrue(foreground > 0 && foreground < pixels, foreground + " of " + pixels + " pixels are class 1");
    }

    @Test
    void aFailingTaskFailsTheCallNamingTheFile(@TempDir Path tmp) throws Exception {
        Path images = writeImages(tmp.resolve("images"));
        Files.writeString(images.resolve("broken.png"), "not a png");
        Path modelFile = tmp.resolve("model.safetensors");
        new UNet(1, 2, TrainFromCode.BASE, TrainFromCode.DEPTH).save(modelFile);
        IOException e = assertThrows(IOException.class,
                () -> SegmentWithThreadPool.segment(modelFile, 2, images, tmp.resolve("masks"), 2));
        assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
    }
}
