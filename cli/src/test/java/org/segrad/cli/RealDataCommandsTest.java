package org.segrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.io.ImageCodec;
import org.segrad.io.Safetensors;
import org.segrad.train.ModelCard;

/** Issue 12 end to end: label maps, colour inputs, self-describing model files, NIfTI class inference. */
class RealDataCommandsTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static void assertOneLineError(CliRun r, String... expected) {
        assertEquals(2, r.code(), r.out() + r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        for (String e : expected) assertTrue(err.contains(e), "lacks '" + e + "': " + err);
    }

    /** n image/mask pairs of side 16: images with channels (1 or 3), masks from maskValue(i, pixel). */
    private static Path folder(Path dir, int n, int channels, java.util.function.IntBinaryOperator maskValue) throws Exception {
        for (int i = 0; i < n; i++) {
            int[] img = new int[16 * 16 * channels];
            int[] mask = new int[16 * 16];
            for (int p = 0; p < 256; p++) {
                mask[p] = maskValue.applyAsInt(i, p);
                for (int c = 0; c < channels; c++) img[c * 256 + p] = (mask[p] > 0 ? 180 : 40) + ((p * 7 + i + 13 * c) % 30);
            }
            ImageCodec.write(dir.resolve("images/" + i + ".png"), new ImageCodec.Image(16, 16, channels, 8, img, "x"));
            ImageCodec.write(dir.resolve("masks/" + i + ".png"), new ImageCodec.Image(16, 16, 1, 8, mask, "gray"));
        }
        return dir;
    }

    private static String[] train(Path data, Path out, String... extra) {
        String[] base = {"train", "--data", data.toString(), "--out", out.toString(), "--base", "4", "--depth", "2", "--epochs", "1",
                "--quiet"};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void maskOf0And128IsAClearErrorAndTrainsWithALabelMap(@TempDir Path dir) throws Exception {
        Path data = folder(dir.resolve("d"), 5, 1, (i, p) -> (p + i) % 5 == 0 ? 128 : 0);
        assertOneLineError(run(train(data, dir.resolve("o"))), "128 (", "--label-map 0:0,128:1");
        assertFalse(Files.exists(dir.resolve("o")));
        CliRun ok = run(train(data, dir.resolve("o"), "--label-map", "0:0,128:1"));
        assertEquals(0, ok.code(), ok.err());
        ModelCard card = ModelCard.read(dir.resolve("o/model.safetensors")).orElseThrow();
        assertEquals(2, card.architecture().classes());
        assertEquals("0:0,128:1", card.labelMap());
        assertEquals("percentile:0.5,99.5", card.normalization().spec());
    }

    @Test
    void rgbSetTrainsWithAThreeChannelFirstConvolutionAndPredictChecksChannels(@TempDir Path dir) throws Exception {
        Path data = folder(dir.resolve("d"), 5, 3, (i, p) -> (p / 16 + i) % 4 == 0 ? 1 : 0);
        CliRun t = run(train(data, dir.resolve("o")));
        assertEquals(0, t.code(), t.err());
        Path model = dir.resolve("o/best.safetensors");
        assertArrayEquals(new int[] {4, 3, 3, 3}, Safetensors.read(model).tensor("down.0.0.weight").shape());
        ModelCard card = ModelCard.read(model).orElseThrow();
        assertEquals(3, card.architecture().inChannels());
        assertEquals(java.util.List.of("R", "G", "B"), card.channels());
        CliRun p = run("predict", "--checkpoint", model.toString(), "--out", dir.resolve("pred").toString(),
                data.resolve("images/0.png").toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(Files.exists(dir.resolve("pred/0_mask.png")));
        ImageCodec.write(dir.resolve("gray.png"), new ImageCodec.Image(16, 16, 1, 8, new int[256], "gray"));
        assertOneLineError(run("predict", "--checkpoint", model.toString(), "--out", dir.resolve("p2").toString(),
                dir.resolve("gray.png").toString()), "gray.png has 1 channels but the model takes 3 [R, G, B]");
        // --rgb-to-gray makes one channel.
        CliRun g = run(train(data, dir.resolve("g"), "--rgb-to-gray"));
        assertEquals(0, g.code(), g.err());
        assertArrayEquals(new int[] {4, 1, 3, 3}, Safetensors.read(dir.resolve("g/model.safetensors")).tensor("down.0.0.weight").shape());
    }

    @Test
    void predictAndEvalNeedNoArchitectureFlags(@TempDir Path dir) throws Exception {
        Path data = folder(dir.resolve("d"), 6, 1, (i, p) -> (p / 16 + p % 16 + i) % 9);
        Path out = dir.resolve("o");
        CliRun t = run("train", "--data", data.toString(), "--out", out.toString(), "--base", "8", "--depth", "3", "--epochs", "1",
                "--quiet");
        assertEquals(0, t.code(), t.err());
        Path best = out.resolve("best.safetensors");
        ModelCard card = ModelCard.read(best).orElseThrow();
        assertEquals(new ModelCard.Architecture("unet", 1, 9, 8, 3), card.architecture());
        CliRun p = run("predict", "--checkpoint", best.toString(), "--out", dir.resolve("pred").toString(), data.resolve("images").toString());
        assertEquals(0, p.code(), p.err());
        assertEquals(1, ImageCodec.read(dir.resolve("pred/0_mask.png")).channels());
        CliRun e = run("eval", "--checkpoint", best.toString(), "--split", "all");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("\"miou\"") && e.out().contains("folder " + data), e.out());
        // An explicit flag that contradicts the file is one error naming both values.
        assertOneLineError(run("eval", "--checkpoint", best.toString(), "--classes", "3"), "--classes 3", "says 9");
        assertOneLineError(run("predict", "--checkpoint", best.toString(), "--base", "16", "--out", dir.resolve("p3").toString(),
                data.resolve("images").toString()), "--base 16", "says 8");
        assertOneLineError(run("eval", "--checkpoint", best.toString(), "--normalize", "zscore"), "--normalize zscore",
                "percentile:0.5,99.5");
        // --init from a segrad file takes its architecture, too.
        CliRun init = run("train", "--data", data.toString(), "--out", dir.resolve("o2").toString(), "--init", best.toString(),
                "--epochs", "1", "--quiet");
        assertEquals(0, init.code(), init.err());
        assertEquals(card.architecture(), ModelCard.read(dir.resolve("o2/model.safetensors")).orElseThrow().architecture());
    }

    @Test
    void resumeWithAnotherLossRefuses(@TempDir Path dir) {
        String[] tiny = {"--images", "6", "--size", "16", "--base", "4", "--depth", "2", "--quiet", "--out", dir.toString()};
        CliRun first = run(concat(new String[] {"train", "--loss", "ce", "--epochs", "1"}, tiny));
        assertEquals(0, first.code(), first.err());
        assertOneLineError(run(concat(new String[] {"train", "--loss", "dice", "--epochs", "2", "--resume"}, tiny)),
                "--resume", "loss: ce (checkpoint) vs dice (now)");
        assertOneLineError(run(concat(new String[] {"train", "--loss", "ce", "--epochs", "2", "--resume", "--split-seed", "5"}, tiny)),
                "split: ");
        CliRun same = run(concat(new String[] {"train", "--loss", "ce", "--epochs", "2", "--resume"}, tiny));
        assertEquals(0, same.code(), same.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** An uncompressed uint8 NIfTI-1 volume nx × ny × nz. */
    private static void nifti(Path file, int nx, int ny, int nz, int[] values) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(352 + values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 348);
        short[] dim = {3, (short) nx, (short) ny, (short) nz, 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) b.putShort(40 + 2 * i, dim[i]);
        b.putShort(70, (short) 2).putShort(72, (short) 8);
        for (int i = 0; i < 4; i++) b.putFloat(76 + 4 * i, 1f);
        b.putFloat(108, 352f);
        byte[] magic = "n+1".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 3; i++) b.put(344 + i, magic[i]);
        for (int i = 0; i < values.length; i++) b.put(352 + i, (byte) values[i]);
        Files.write(file, b.array());
    }

    @Test
    void niftiInfersClassesAndTakesSeveralModalities(@TempDir Path dir) throws Exception {
        int n = 16 * 16 * 24;
        int[] t1 = new int[n], t2 = new int[n], lab = new int[n];
        for (int i = 0; i < n; i++) {
            lab[i] = (i % 16) < 5 ? 0 : (i % 16) < 10 ? 1 : 2;
            t1[i] = 30 + 60 * lab[i] + i % 7;
            t2[i] = 200 - 50 * lab[i];
        }
        nifti(dir.resolve("t1.nii"), 16, 16, 24, t1);
        nifti(dir.resolve("t2.nii"), 16, 16, 24, t2);
        nifti(dir.resolve("lab.nii"), 16, 16, 24, lab);
        String d = "nifti:" + dir.resolve("t1.nii") + "," + dir.resolve("t2.nii") + "," + dir.resolve("lab.nii");
        CliRun r = run("train", "--data", d, "--out", dir.resolve("o").toString(), "--base", "4", "--depth", "2", "--epochs", "1",
                "--quiet", "--val-fraction", "0.25", "--test-fraction", "0.25");
        assertEquals(0, r.code(), r.err());
        ModelCard card = ModelCard.read(dir.resolve("o/model.safetensors")).orElseThrow();
        assertEquals(3, card.architecture().classes());
        assertEquals(java.util.List.of("t1", "t2"), card.channels());
    }

    @Test
    void extremeValuesAndMissingFilesAreOneLine(@TempDir Path dir) throws Exception {
        Path o = dir.resolve("o");
        assertOneLineError(run("train", "--size", "46341", "--out", o.toString()), "--size must be in 8..4096, got 46341");
        assertOneLineError(run("train", "--images", "2000000000", "--out", o.toString()), "--images must be in 3..100000");
        assertOneLineError(run("train", "--images", "100000", "--size", "4096", "--out", o.toString()), "fit in memory");
        assertOneLineError(run("train", "--base", "100000", "--out", o.toString()), "--base must be in 1..256, got 100000");
        assertOneLineError(run("train", "--depth", "99", "--out", o.toString()), "--depth must be in 1..8, got 99");
        assertOneLineError(run("train", "--images", "4", "--size", "16", "--depth", "2", "--crop", "64", "--out", o.toString()),
                "--crop 64 is larger than training image");
        assertFalse(Files.exists(o));
        assertOneLineError(run("predict", "--checkpoint", dir.resolve("none.safetensors").toString(), dir.toString()),
                "--checkpoint: file", "none.safetensors");
        assertOneLineError(run("train", "--init", dir.resolve("none.safetensors").toString(), "--out", o.toString()), "--init: file");
        CliRun nothing = run();
        assertEquals(2, nothing.code());
        assertTrue(nothing.err().contains("missing command"), nothing.err());
    }

    @Test
    void aWrongBaseForPlainWeightsPrintsAFewLinesNotKilobytes(@TempDir Path dir) {
        Path torch = Path.of("..", "nn", "src", "test", "resources", "parity", "torch_unet_init.safetensors");
        CliRun bad = run("train", "--init", torch.toString(), "--base", "8", "--depth", "3", "--images", "8", "--size", "16", "--quiet",
                "--out", dir.resolve("bad").toString());
        assertOneLineError(bad, "down.0.0.weight", "more]");
        assertTrue(bad.err().length() < 600, bad.err().length() + " chars: " + bad.err());
    }
}
