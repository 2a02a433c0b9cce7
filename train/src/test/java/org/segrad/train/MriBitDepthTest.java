package org.segrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.data.BundledMri;
import org.segrad.data.Dataset;
import org.segrad.data.FolderDataset;
import org.segrad.data.ImageFiles;
import org.segrad.data.LabelRemap;
import org.segrad.data.Normalization;
import org.segrad.data.Sample;
import org.segrad.data.Splits;
import org.segrad.io.ImageCodec;
import org.segrad.losses.Losses;
import org.segrad.nn.UNet;

/**
 * Issue 12's acceptance test: the bundled MRI saved as 12-bit values in 16-bit TIFFs trains as well as the same slices
 * saved as 8-bit PNGs (test mIoU within 0.02, fixed seed) under the default normalisation (percentile 0.5/99.5).
 */
class MriBitDepthTest {
    private static final long SEED = 1;

    /** Writes every brain slice as an image (values round(v·max)) and its 0/255 mask into dir/images, dir/masks. */
    private static void write(Path dir, int bits) throws IOException {
        Dataset mri = BundledMri.load(2);
        int max = (1 << bits) - 1;
        for (int i = 0; i < mri.size(); i++) {
            Sample s = mri.get(i);
            int[] v = new int[s.h() * s.w()];
            for (int p = 0; p < v.length; p++) v[p] = Math.round(s.image()[p] * max);
            String name = String.format("s%03d", i);
            ImageCodec.write(dir.resolve("images/" + name + (bits == 8 ? ".png" : ".tif")),
                    new ImageCodec.Image(s.w(), s.h(), 1, bits == 8 ? 8 : 16, v, "gray"));
            ImageFiles.writeMask(dir.resolve("masks/" + name + ".png"), s.mask(), s.h(), s.w(), 2);
        }
    }

    /** Test mIoU after training on the folder with normalisation {@code norm}. */
    static double testMiou(Path data, Normalization norm, Path out) throws IOException {
        FolderDataset.Options o = new FolderDataset.Options(0, false, 2, LabelRemap.identity(), false, norm.raw());
        Splits.Split s = FolderDataset.open(data, o, 0.2, 0.2, SEED);
        Normalization n = norm.fit(s.train());
        Dataset train = n.apply(s.train()), val = n.apply(s.val()), test = n.apply(s.test());
        TrainConfig cfg = new TrainConfig(4, 3, "ce", Map.of(), "adam", 1e-2, 0, 0.9, "poly", 8, 4, 0, 0, 0, 0, false, true, SEED);
        UNet net = new UNet(1, 2, 4, 3, SEED);
        new Trainer(cfg, net, Losses.create("ce", Map.of()), null).fit(train, val, out, false);
        net.load(out.resolve(Trainer.BEST));
        return Validation.meanIou(new Segmenter(net).predictAll(test), test);
    }

    @Test
    void twelveBitTiffTrainsAsWellAsEightBitPng(@TempDir Path dir) throws IOException {
        write(dir.resolve("d8"), 8);
        write(dir.resolve("d12"), 12);
        Normalization dflt = Normalization.percentile();
        double m8 = testMiou(dir.resolve("d8"), dflt, dir.resolve("r8"));
        double m12 = testMiou(dir.resolve("d12"), dflt, dir.resolve("r12"));
        System.out.printf("MRI test mIoU: 8-bit %.4f, 12-bit-in-16 %.4f (percentile)%n", m8, m12);
        assertTrue(m8 > 0.8, "8-bit test mIoU " + m8);
        assertEquals(m8, m12, 0.02, "8-bit " + m8 + " vs 12-bit " + m12);
    }
}
