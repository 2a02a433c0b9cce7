package org.segrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.data.ImageFiles;

/** segrad train / eval / predict end to end on tiny data, and one clear error for each kind of bad input. */
class AppCommandsTest {
    private static final String[] TINY = {"--images", "8", "--size", "16", "--base", "4", "--depth", "2", "--epochs", "2", "--quiet"};

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void trainEvalPredictEndToEnd(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliRun t = run(concat(new String[] {"train", "--out", out.toString(), "--loss", "ml"}, TINY));
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("best val mIoU"), t.out());
        for (String f : new String[] {"model.safetensors", "best.safetensors", "checkpoint.safetensors", "config.json", "metrics.json",
                "metrics.csv", "loss.png", "miou.png", "lr.png"}) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        try (var preds = Files.list(out.resolve("predictions"))) {   // named after their source now (was 00_pred.png)
            assertTrue(preds.anyMatch(p -> p.getFileName().toString().matches("cells-\\d+\\.png")), "a prediction panel");
        }
        assertTrue(Files.readString(out.resolve("metrics.json")).contains("\"best_val_miou\""));
        assertEquals(3, Files.readAllLines(out.resolve("metrics.csv")).size(), "header + 2 epochs");

        CliRun e = run("eval", "--checkpoint", out.resolve("best.safetensors").toString(), "--images", "8", "--size", "16", "--base", "4",
                "--depth", "2", "--split", "all");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("\"miou\"") && e.out().contains("\"hd95\"") && e.out().contains("\"dice\""), e.out());
        // Left out, --images and --size come from the model file: the same 8 images of 16x16 the model was trained on.
        CliRun eCard = run("eval", "--checkpoint", out.resolve("best.safetensors").toString(), "--split", "all");
        assertEquals(0, eCard.code(), eCard.err());
        assertTrue(eCard.out().contains("8 images of 16x16"), eCard.out());
        assertEquals(e.out(), eCard.out());
        // --device opencl without the opencl module on the class path (this test's JDK 17 class path): one line, then
        // the same report on the CPU.
        CliRun ed = run("eval", "--checkpoint", out.resolve("best.safetensors").toString(), "--images", "8", "--size", "16",
                "--base", "4", "--depth", "2", "--split", "all", "--device", "opencl");
        assertEquals(0, ed.code(), ed.err());
        assertEquals(e.out(), ed.out());
        assertTrue(ed.err().contains("--device opencl is not available"), ed.err());

        Path images = Files.createDirectories(dir.resolve("imgs"));
        ImageFiles.writeGray8(images.resolve("a.png"), new float[20 * 24], 20, 24);
        CliRun p = run("predict", "--checkpoint", out.resolve("best.safetensors").toString(), "--base", "4", "--depth", "2",
                "--out", dir.resolve("pred").toString(), images.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(Files.exists(dir.resolve("pred/a_mask.png")) && Files.exists(dir.resolve("pred/a_overlay.png")));
    }

    @Test
    void trainStartsFromWeightsExportedByPyTorch(@TempDir Path dir) throws Exception {
        Path torch = Path.of("..", "nn", "src", "test", "resources", "parity", "torch_unet_init.safetensors");
        assertTrue(Files.exists(torch), torch.toAbsolutePath().toString());
        Path out = dir.resolve("run");
        CliRun t = run("train", "--init", torch.toString(), "--base", "4", "--depth", "3", "--images", "8", "--size", "16",
                "--steps", "1", "--no-augment", "--quiet", "--out", out.toString());
        assertEquals(0, t.code(), t.err());
        // The wrong architecture for those weights is refused, naming the mis-shaped keys, before anything is written.
        CliRun bad = run("train", "--init", torch.toString(), "--base", "8", "--depth", "3", "--images", "8", "--size", "16",
                "--quiet", "--out", dir.resolve("bad").toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("down.0.0.weight"), bad.err());
        assertFalse(Files.exists(dir.resolve("bad")));
    }

    /** A folder dataset of 4 good 16×16 pairs. */
    private static Path folder(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(dir.resolve("masks"));
        for (int i = 0; i < 4; i++) {
            int[] mask = new int[16 * 16];
            for (int j = 0; j < 40; j++) mask[j + 30 * i] = 1;
            ImageFiles.writeGray8(dir.resolve("images/" + i + ".png"), new float[16 * 16], 16, 16);
            ImageFiles.writeMask(dir.resolve("masks/" + i + ".png"), mask, 16, 16, 2);
        }
        return dir;
    }

    private static void assertOneLineError(CliRun r, Path out, String expected) {
        assertEquals(2, r.code(), r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertTrue(err.contains(expected), err);
        assertFalse(Files.exists(out), "nothing written");
    }

    private static CliRun trainOn(Path data, Path out, String... extra) {
        return run(concat(concat(new String[] {"train", "--data", data.toString(), "--out", out.toString(), "--base", "4", "--depth",
                "2", "--epochs", "1", "--quiet"}, extra)));
    }

    @Test
    void truncatedPng(@TempDir Path dir) throws Exception {
        Path data = folder(dir.resolve("d"));
        byte[] b = Files.readAllBytes(data.resolve("images/2.png"));
        Files.write(data.resolve("images/2.png"), java.util.Arrays.copyOf(b, b.length / 2));
        assertOneLineError(trainOn(data, dir.resolve("out")), dir.resolve("out"), "2.png");
    }

    @Test
    void maskOfAnotherSize(@TempDir Path dir) throws Exception {
        Path data = folder(dir.resolve("d"));
        ImageFiles.writeMask(data.resolve("masks/1.png"), new int[8 * 8], 8, 8, 2);
        assertOneLineError(trainOn(data, dir.resolve("out")), dir.resolve("out"), "1.png");
    }

    @Test
    void labelOutOfRange(@TempDir Path dir) throws Exception {
        Path data = folder(dir.resolve("d"));
        int[] mask = new int[16 * 16];
        mask[17] = 7;
        ImageFiles.writeMask(data.resolve("masks/3.png"), mask, 16, 16, 8);
        assertOneLineError(trainOn(data, dir.resolve("out"), "--classes", "2"), dir.resolve("out"), "= 7 but classes = 2");
    }

    @Test
    void badNiftiHeader(@TempDir Path dir) throws Exception {
        Path img = dir.resolve("img.nii"), lab = dir.resolve("lab.nii");
        Files.write(img, new byte[400]);
        Files.write(lab, new byte[400]);
        CliRun r = run("train", "--data", "nifti:" + img + "," + lab, "--out", dir.resolve("out").toString(), "--quiet");
        assertOneLineError(r, dir.resolve("out"), "sizeof_hdr");
    }

    @Test
    void emptyFolder(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("empty"));
        Files.createDirectories(data.resolve("images"));
        Files.createDirectories(data.resolve("masks"));
        CliRun r = trainOn(data, dir.resolve("out"));
        assertOneLineError(r, dir.resolve("out"), "empty");
    }

    @Test
    void unknownLossAndBadOptionValues(@TempDir Path dir) {
        assertOneLineError(run(concat(new String[] {"train", "--out", dir.resolve("o").toString(), "--loss", "hinge"}, TINY)),
                dir.resolve("o"), "unknown loss 'hinge'");
        assertOneLineError(run(concat(new String[] {"train", "--out", dir.resolve("o").toString(), "--epochs", "0"})),
                dir.resolve("o"), "--epochs must be >= 1, got 0");
    }
}
