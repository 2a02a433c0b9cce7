package org.segrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;
import org.segrad.io.NdArray;
import org.segrad.losses.Losses;
import org.segrad.losses.SegLoss;
import org.segrad.io.Npy;

/** {@code segrad loss} and {@code segrad gradplot}, run in-process through {@link SegradCli#execute}. */
class LossCommandTest {
    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static final double[] Z = {1.5, -0.3, 2.0, 0.1, -1.0, 0.7, 0.2, 0.4, -2.0, 1.1, 0.0, 0.3};

    /** Logits [1, 3, 2, 2] and labels [1, 2, 2]. */
    private Path[] files(boolean float32, long... labels) throws IOException {
        Path z = dir.resolve("z.npy"), y = dir.resolve("y.npy");
        float[] f = new float[Z.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) Z[i];
        Npy.write(z, float32 ? NdArray.ofFloats(f, 1, 3, 2, 2) : NdArray.ofDoubles(Z.clone(), 1, 3, 2, 2));
        Npy.write(y, NdArray.ofLongs(labels, 1, 2, 2));
        return new Path[] {z, y};
    }

    private static double jsonLoss(String out) {
        String s = out.trim();
        assertTrue(s.startsWith("{\"loss\": ") && s.endsWith("}"), s);
        return Double.parseDouble(s.substring(9, s.length() - 1));
    }

    @Test
    void float64InGivesTheAnalyticValueAndAFloat64Gradient() throws IOException {
        Path[] f = files(false, 0, 2, 1, 0);
        Path g = dir.resolve("g.npy");
        CliRun r = run("loss", "--name", "caml", "--logits", f[0].toString(), "--labels", f[1].toString(),
                "--option", "granularity=pixel", "--option", "reduce=image", "--grad-out", g.toString());
        assertEquals(0, r.code(), r.err());
        SegLoss loss = Losses.create("caml", Map.of("granularity", "pixel", "reduce", "image"));
        Tensor z = Tensor.fromArray(Z.clone(), 1, 3, 2, 2);
        Tensor y = Tensor.of(DType.FLOAT64, new double[] {0, 2, 1, 0}, 1, 2, 2);
        assertEquals(loss.analytic(z, y).value(), jsonLoss(r.out()), 0.0);
        NdArray grad = Npy.read(g);
        assertEquals(NdArray.Type.F64, grad.type());
        assertArrayEquals(new int[] {1, 3, 2, 2}, grad.shape());
        assertArrayEquals(loss.analyticGradient(z, y).toDoubleArray(), grad.doubles(), 0.0);
    }

    @Test
    void autodiffPathAgreesWithTheAnalyticOne() throws IOException {
        Path[] f = files(false, 0, 2, 1, 0);
        Path ga = dir.resolve("ga.npy"), gb = dir.resolve("gb.npy");
        CliRun a = run("loss", "--name", "ml", "--logits", f[0].toString(), "--labels", f[1].toString(), "--grad-out", ga.toString());
        CliRun b = run("loss", "--name", "ml", "--logits", f[0].toString(), "--labels", f[1].toString(), "--grad-out", gb.toString(),
                "--path", "autodiff");
        assertEquals(0, a.code() + b.code(), a.err() + b.err());
        assertEquals(jsonLoss(a.out()), jsonLoss(b.out()), 1e-14);
        assertArrayEquals(Npy.read(ga).doubles(), Npy.read(gb).doubles(), 1e-14);
    }

    @Test
    void float32InGivesAFloat32Gradient() throws IOException {
        Path[] f = files(true, 1, 1, 0, 2);
        Path g = dir.resolve("g.npy");
        CliRun r = run("loss", "--name", "dice", "--logits", f[0].toString(), "--labels", f[1].toString(), "--grad-out", g.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(NdArray.Type.F32, Npy.read(g).type());
        assertTrue(jsonLoss(r.out()) > 0);
    }

    private CliRun failing(String... args) {
        CliRun r = run(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(Files.exists(dir.resolve("g.npy")), "nothing written on failure");
        return r;
    }

    @Test
    void badInputExitsWithOneClearLine() throws IOException {
        Path[] f = files(false, 0, 1, 5, 0);
        String z = f[0].toString(), y = f[1].toString(), g = dir.resolve("g.npy").toString();
        assertEquals("segrad loss: labels[0, 1, 0] = 5 but classes = 3",
                failing("loss", "--name", "ce", "--logits", z, "--labels", y, "--grad-out", g).err().strip());
        assertTrue(failing("loss", "--name", "cross", "--logits", z, "--labels", y).err().contains("unknown loss 'cross'"));
        assertTrue(failing("loss", "--name", "ce", "--logits", z, "--labels", y, "--option", "gamma=2").err()
                .contains("loss ce: unknown option 'gamma'"));
        assertTrue(failing("loss", "--name", "focal", "--logits", z, "--labels", y, "--option", "gamma=x").err()
                .contains("option gamma must be"));
        assertTrue(failing("loss", "--name", "ce", "--logits", dir.resolve("nope.npy").toString(), "--labels", y).err()
                .contains("--logits " + dir.resolve("nope.npy") + ": no such file"));
        Npy.write(dir.resolve("y3.npy"), NdArray.ofLongs(new long[3], 1, 3));
        assertTrue(failing("loss", "--name", "ce", "--logits", z, "--labels", dir.resolve("y3.npy").toString()).err()
                .contains("labels have shape [1, 3] but logits [1, 3, 2, 2] need labels of shape [1, 2, 2]"));
        assertTrue(failing("loss", "--name", "ce", "--logits", y, "--labels", y).err().contains("must hold float32 or float64"));
        assertTrue(failing("loss", "--name", "ce", "--logits", z).err().contains("--labels"));
    }

    @Test
    void nonFiniteLogitsAreOneClearErrorAndLeaveAnExistingGradOutUntouched() throws IOException {
        Path y = files(false, 0, 2, 1, 0)[1];
        Path g = dir.resolve("old_grad.npy");
        byte[] before = {1, 2, 3, 4};
        Files.write(g, before);
        double[] nan = Z.clone();
        nan[5] = Double.NaN;
        nan[7] = Double.POSITIVE_INFINITY;
        Path z64 = dir.resolve("nan64.npy");
        Npy.write(z64, NdArray.ofDoubles(nan, 1, 3, 2, 2));
        float[] inf = new float[Z.length];
        inf[0] = Float.NEGATIVE_INFINITY;
        Path z32 = dir.resolve("inf32.npy");
        Npy.write(z32, NdArray.ofFloats(inf, 1, 3, 2, 2));
        for (String path : new String[] {"analytic", "autodiff"}) {
            CliRun r = run("loss", "--name", "caml", "--logits", z64.toString(), "--labels", y.toString(), "--grad-out", g.toString(),
                    "--path", path);
            assertEquals(2, r.code(), r.err());
            assertEquals("segrad loss: --logits " + z64 + " must be finite, got 2 non-finite values (the first, at flat index 5, is NaN);"
                    + " nothing written", r.err().strip());
            assertEquals("", r.out());
            assertArrayEquals(before, Files.readAllBytes(g), "an existing --grad-out keeps its bytes");
        }
        CliRun r = run("loss", "--name", "ce", "--logits", z32.toString(), "--labels", y.toString(), "--grad-out", g.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().strip().endsWith("got 1 non-finite value (the first, at flat index 0, is -Infinity); nothing written"), r.err());
        assertArrayEquals(before, Files.readAllBytes(g));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(), "no temporary file left");
        }
    }

    @Test
    void aGradOutInAMissingFolderIsRejectedBeforeComputing() throws IOException {
        Path[] f = files(false, 0, 2, 1, 0);
        CliRun r = run("loss", "--name", "ce", "--logits", f[0].toString(), "--labels", f[1].toString(), "--grad-out",
                dir.resolve("missing/g.npy").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().strip().startsWith("segrad loss: --grad-out " + dir.resolve("missing/g.npy")), r.err());
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    @Test
    void gradplotWritesAPng() throws IOException {
        Path png = dir.resolve("g.png");
        CliRun r = run("gradplot", "--out", png.toString(), "--points", "9", "--pixels", "8");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("whole batch at p_true"), r.out());
        var image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 1000 && image.getHeight() > 400);
        CliRun bad = run("gradplot", "--out", dir.resolve("missing/g.png").toString(), "--points", "3");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("the folder does not exist"), bad.err());
    }
}
