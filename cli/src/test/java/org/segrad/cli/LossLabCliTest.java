package org.segrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.autodiff.Tensor;
import org.segrad.data.ImageFiles;
import org.segrad.io.NdArray;
import org.segrad.io.Npy;
import org.segrad.losses.Losses;
import org.segrad.losses.SegLoss;
import org.segrad.nn.UNet;

/** The loss expression language through the CLI: train, compare, loss, gradcheck, gradplot and gradmap. */
class LossLabCliTest {
    private static final String CAML = "dice * ce ^ detach((1 - pbar) ^ dicecoef)";
    private static final String[] SMALL = {"--images", "8", "--size", "16", "--base", "4", "--depth", "2", "--epochs", "1"};
    private static final String[] TINY = concat(SMALL, "--quiet");

    @TempDir
    Path dir;

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void trainTakesAnExpressionAndRecordsItInConfigJson() throws Exception {
        Path out = dir.resolve("run");
        CliRun t = CliRun.of(concat(new String[] {"train", "--out", out.toString(), "--loss", CAML}, TINY));
        assertEquals(0, t.code(), t.err());
        assertTrue(t.err().contains("loss " + CAML), t.err());
        String config = Files.readString(out.resolve("config.json"));
        assertTrue(config.contains("\"loss\": \"" + CAML + "\""), config);
        assertTrue(Files.exists(out.resolve("best.safetensors")));
    }

    @Test
    void compareSplitsExpressionsAtTopLevelCommasOnly() throws Exception {
        Path out = dir.resolve("cmp");
        String tversky = "tversky(alpha=0.3, beta=0.7)";
        CliRun c = CliRun.of(concat(new String[] {"compare", "--losses", "ce, " + tversky, "--reference", "ce", "--seeds", "1",
                "--fractions", "1.0", "--out", out.toString()}, SMALL));
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("| " + tversky + " |"), c.out());
        assertTrue(Files.readString(out.resolve("runs.csv")).contains("\"" + tversky + "\","), "quoted CSV field");
        try (var runs = Files.list(out.resolve("runs"))) {
            assertEquals(2, runs.count(), "one run folder per loss");
        }
        // The quoted loss reads back: re-tabulating gives the same table.
        Path again = dir.resolve("again");
        CliRun r = CliRun.of("compare", "--from-runs", out.resolve("runs.csv").toString(), "--losses", "ce, " + tversky,
                "--reference", "ce", "--seeds", "1", "--fractions", "1.0", "--out", again.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(Files.readString(out.resolve("compare.csv")), Files.readString(again.resolve("compare.csv")));
    }

    @Test
    void compareRejectsAMalformedExpressionBeforeTraining() {
        CliRun c = CliRun.of(concat(new String[] {"compare", "--losses", "ce,dice * (ce", "--reference", "ce", "--out",
                dir.resolve("cmp").toString()}, SMALL));
        assertEquals(2, c.code(), c.err());
        assertTrue(c.err().contains("^"), c.err());
        assertFalse(Files.exists(dir.resolve("cmp")), "nothing written");
    }

    @Test
    void lossOfAnExpressionEqualsTheLibrarys() throws Exception {
        double[] z = {1.5, -0.3, 2.0, 0.1, -1.0, 0.7, 0.2, 0.4, -2.0, 1.1, 0.0, 0.3};
        Path zf = dir.resolve("z.npy"), yf = dir.resolve("y.npy"), gf = dir.resolve("g.npy");
        Npy.write(zf, NdArray.ofDoubles(z.clone(), 1, 3, 2, 2));
        Npy.write(yf, NdArray.ofLongs(new long[] {0, 2, 1, 0}, 1, 2, 2));
        String expr = "ce + 0.5 * tversky(alpha=0.3, beta=0.7)";
        CliRun r = CliRun.of("loss", "--name", expr, "--logits", zf.toString(), "--labels", yf.toString(), "--grad-out", gf.toString());
        assertEquals(0, r.code(), r.err());
        SegLoss loss = Losses.create(expr, Map.of());
        Tensor zt = Tensor.fromArray(z.clone(), 1, 3, 2, 2), yt = Tensor.fromArray(new double[] {0, 2, 1, 0}, 1, 2, 2);
        String s = r.out().trim();
        assertEquals(loss.analytic(zt, yt).value(), Double.parseDouble(s.substring(9, s.length() - 1)), 0.0);
        assertArrayEquals(loss.analyticGradient(zt, yt).toDoubleArray(), Npy.read(gf).doubles(), 0.0);
    }

    @Test
    void gradcheckProvesAnExpressionOneRowPerCase() {
        CliRun r = CliRun.of("gradcheck", "--loss", "mean(-(1 - pt) ^ 2 * log(pt)) * dice", "--seeds", "3");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(3, r.out().lines().filter(l -> l.matches("^[123] .*\\bok$")).count(), r.out());
        assertTrue(r.out().contains("3 cases checked, 0 failed"), r.out());
    }

    @Test
    void gradcheckOfADetachedExpressionChecksAnalyticAgainstAutodiffOnly() {
        CliRun r = CliRun.of("gradcheck", "--loss", CAML, "--seeds", "2");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("stops a gradient (detach)"), r.out());
        assertTrue(r.out().contains("2 cases checked, 0 failed"), r.out());
    }

    @Test
    void gradcheckOfAMalformedExpressionShowsTheCaretAndExits2() {
        CliRun r = CliRun.of("gradcheck", "--loss", "dice * ce ^^ 2");
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(3, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("segrad gradcheck: loss expression: ") && lines.get(0).contains("(column 12)"), r.err());
        assertEquals("  dice * ce ^^ 2", lines.get(1));
        assertEquals("  " + " ".repeat(11) + "^", lines.get(2));
        assertEquals("", r.out());
    }

    @Test
    void gradplotTakesAListOfExpressions() throws Exception {
        Path png = dir.resolve("g.png");
        CliRun r = CliRun.of("gradplot", "--out", png.toString(), "--points", "5", "--pixels", "4", "--losses", "ce," + CAML);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(CAML), r.out());
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 1000);
    }

    @Test
    void helpListsTheTermsFromTheRegistry() {
        CliRun r = CliRun.of("gradmap", "--help");
        assertEquals(0, r.code(), r.err());
        for (String term : new String[] {"pbar", "dicecoef", "tversky", "Terms of loss expressions"}) assertTrue(r.out().contains(term), r.out());
    }

    /** A 20×24 image with a bright square, its mask, and an untrained 2-level U-Net's weights. */
    private Path[] imageMaskModel() throws Exception {
        int h = 20, w = 24;
        float[] img = new float[h * w];
        int[] mask = new int[h * w];
        for (int y = 5; y < 14; y++) for (int x = 6; x < 17; x++) {
            img[y * w + x] = 0.8f;
            mask[y * w + x] = 1;
        }
        Path i = dir.resolve("img.png"), m = dir.resolve("mask.png"), net = dir.resolve("net.safetensors");
        ImageFiles.writeGray8(i, img, h, w);
        ImageFiles.writeMask(m, mask, h, w, 2);
        new UNet(1, 2, 4, 2, 7).save(net);
        return new Path[] {i, m, net};
    }

    @Test
    void gradmapWritesOnePngAndSharesInTheUnitInterval() throws Exception {
        Path[] f = imageMaskModel();
        Path png = dir.resolve("gm.png");
        List<String> losses = List.of("ce", "dice", "ml", CAML, "tversky(alpha=0.3, beta=0.7)");
        CliRun r = CliRun.of("gradmap", "--checkpoint", f[2].toString(), "--image", f[0].toString(), "--mask", f[1].toString(),
                "--base", "4", "--depth", "2", "--loss", String.join(",", losses), "--out", png.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage im = ImageIO.read(png.toFile());
        int[] size = GradmapFigure.size(5);
        assertEquals(18 + 4 * (240 + 18) + 120, size[0], "4 columns and the colour bar");
        assertEquals(46 + 3 * (24 + 240 + 40) + 18, size[1], "image row and two rows of heat maps");
        assertEquals(size[0], im.getWidth());
        assertEquals(size[1], im.getHeight());
        List<double[]> rows = new ArrayList<>();
        for (String loss : losses) {
            String line = r.out().lines().filter(l -> l.startsWith(loss + " ")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
            String[] t = line.substring(loss.length()).trim().split("\\s+");
            rows.add(new double[] {Double.parseDouble(t[0]), Double.parseDouble(t[1]), Double.parseDouble(t[2]), Double.parseDouble(t[3])});
        }
        for (double[] s : rows) {
            for (int k = 0; k < 3; k++) assertTrue(s[k] >= 0 && s[k] <= 1, "share in [0, 1]: " + r.out());
            assertTrue(s[0] + s[2] <= 1 + 1e-9, "misclassified and confident-correct pixels are disjoint: " + r.out());
            assertTrue(s[3] > 0, "some gradient: " + r.out());
        }
    }

    @Test
    void gradmapTakesASampleOfADataset() throws Exception {
        Path net = imageMaskModel()[2], png = dir.resolve("s.png");
        String[] common = {"gradmap", "--checkpoint", net.toString(), "--data", "cells", "--images", "8", "--size", "16", "--base", "4",
            "--depth", "2", "--loss", "ce,ml", "--out", png.toString()};
        CliRun r = CliRun.of(concat(common, "--sample", "test:1"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(16x16)"), r.out());
        assertEquals(GradmapFigure.size(2)[0], ImageIO.read(png.toFile()).getWidth());
        Files.delete(png);
        CliRun bad = CliRun.of(concat(common, "--sample", "test:9"));
        assertEquals(2, bad.code());
        assertTrue(bad.err().strip().startsWith("segrad gradmap: --sample test:9: the test split of built-in synthetic cells"), bad.err());
        assertFalse(Files.exists(png), "nothing written");
    }

    @Test
    void gradmapJsonAndBadInput() throws Exception {
        Path[] f = imageMaskModel();
        Path png = dir.resolve("gm.png");
        CliRun j = CliRun.of("gradmap", "--checkpoint", f[2].toString(), "--image", f[0].toString(), "--mask", f[1].toString(),
                "--base", "4", "--depth", "2", "--loss", "ce", "--out", png.toString(), "--json");
        assertEquals(0, j.code(), j.err());
        assertTrue(j.out().contains("\"confident_correct\"") && j.out().contains("\"loss\": \"ce\""), j.out());
        Files.delete(png);
        CliRun noMask = CliRun.of("gradmap", "--checkpoint", f[2].toString(), "--image", f[0].toString(), "--base", "4", "--depth", "2",
                "--out", png.toString());
        assertEquals(2, noMask.code());
        assertEquals("segrad gradmap: --image and --mask are needed (or --sample), got no --mask", noMask.err().strip());
        CliRun bad = CliRun.of("gradmap", "--checkpoint", f[2].toString(), "--image", f[0].toString(), "--mask", f[1].toString(),
                "--base", "4", "--depth", "2", "--loss", "ce,log(", "--out", png.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("^"), bad.err());
        assertFalse(Files.exists(png), "nothing written");
    }
}
