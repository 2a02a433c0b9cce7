package org.segrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segrad.autodiff.Tensor;
import org.segrad.io.Nifti;
import org.segrad.io.NiftiDatatype;
import org.segrad.io.NiftiGeometry;
import org.segrad.io.NiftiVolume;
import org.segrad.nn.UNet;
import picocli.CommandLine;

/**
 * predict and eval on NIfTI volumes end to end, with a U-Net whose weights make the answer known (class 1 exactly
 * where the scaled intensity is above 0.5), and the out-of-memory line.
 */
class VolumeCommandsTest {
    private static final String[] MODEL = {"--base", "1", "--depth", "1"};

    /** base 1, depth 1: both 3×3 convs pass the centre pixel, batch-norms ≈ identity, head logits (0, 10·x − 5). */
    static void saveThresholdModel(Path file) throws Exception {
        UNet net = new UNet(1, 2, 1, 1, 0);
        LinkedHashMap<String, Tensor> s = net.stateDict();
        for (String conv : new String[] {"down.0.0.weight", "down.0.3.weight"}) {
            for (int i = 0; i < 9; i++) s.get(conv).set(i, i == 4 ? 1 : 0);
        }
        for (String bn : new String[] {"down.0.1", "down.0.4"}) {
            s.get(bn + ".weight").set(0, 1);
            s.get(bn + ".bias").set(0, 0);
            s.get(bn + ".running_mean").set(0, 0);
            s.get(bn + ".running_var").set(0, 1);
        }
        s.get("head.weight").set(1, 10);
        s.get("head.weight").set(0, 0);
        s.get("head.bias").set(0, 0);
        s.get("head.bias").set(1, -5);
        net.loadStateDict(s, true);
        net.save(file);
    }

    static NiftiGeometry oblique() {
        return new NiftiGeometry(new float[] {-1, 0.8f, 0.8f, 2.5f, 0, 0, 0, 0}, 1, 4, new float[] {0.1f, -0.2f, 0.05f},
                new float[] {-90.5f, 120.25f, -70f}, new float[] {-0.78f, 0.1f, 0.2f, 90.5f},
                new float[] {0.05f, 0.79f, -0.4f, -120.25f}, new float[] {0.01f, 0.2f, 2.45f, -70f}, NiftiGeometry.UNITS_MM);
    }

    /** A 12×10×6 scan: a bright ellipsoid (intensity 800) in a dark background (100), and its label volume. */
    static NiftiVolume[] scanAndLabel() {
        int nx = 12, ny = 10, nz = 6;
        float[] img = new float[nx * ny * nz], lab = new float[img.length];
        SplittableRandom r = new SplittableRandom(1);
        for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) {
            double e = Math.pow((x - 6) / 4.0, 2) + Math.pow((y - 4) / 3.0, 2) + Math.pow((z - 3) / 2.0, 2);
            int i = x + nx * (y + ny * z);
            lab[i] = e <= 1 ? 1 : 0;
            img[i] = (e <= 1 ? 800 : 100) + r.nextInt(-50, 50);
        }
        NiftiGeometry g = oblique();
        return new NiftiVolume[] {new NiftiVolume(nx, ny, nz, img, g.voxelSizes(), "scan", g),
                new NiftiVolume(nx, ny, nz, lab, g.voxelSizes(), "label", g)};
    }

    @Test
    void predictWritesALabelVolumeThatLinesUpWithTheScan(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("model.safetensors");
        saveThresholdModel(ckpt);
        NiftiVolume[] v = scanAndLabel();
        Path scan = dir.resolve("in/scan.nii.gz");
        Files.createDirectories(scan.getParent());
        Nifti.write(scan, v[0], NiftiDatatype.INT16);
        Path out = dir.resolve("pred");
        for (String axis : new String[] {"2", "0"}) {
            CliRun p = CliRun.of("predict", "--checkpoint", ckpt.toString(), MODEL[0], MODEL[1], MODEL[2], MODEL[3], "--axis", axis,
                    "--probabilities", "--out", out.toString(), scan.toString());
            assertEquals(0, p.code(), p.err());
            assertTrue(p.out().contains("1 volumes"), p.out());
            NiftiVolume labels = Nifti.read(out.resolve("scan_labels.nii.gz"));
            assertEquals(v[0].geometry(), labels.geometry(), "pixdim, qform, sform, units as in the scan");
            assertEquals(List.of(12, 10, 6), List.of(labels.nx(), labels.ny(), labels.nz()));
            assertArrayEquals(v[1].data(), labels.data(), "labels where the mask is (axis " + axis + ")");
            byte[] raw = new java.util.zip.GZIPInputStream(Files.newInputStream(out.resolve("scan_labels.nii.gz"))).readAllBytes();
            assertEquals(2, java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).getShort(70), "uint8 labels");
            assertTrue(Files.exists(out.resolve("scan_probabilities.nii.gz")));
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("scan_labels.nii.gz", "scan_probabilities.nii.gz"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "nothing else, no temporary files");
        }
    }

    @Test
    void evalOnVolumesReportsDistancesInMillimetres(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("model.safetensors");
        saveThresholdModel(ckpt);
        NiftiVolume[] v = scanAndLabel();
        Path scan = dir.resolve("scan.nii.gz"), label = dir.resolve("label.nii.gz");
        Nifti.write(scan, v[0], NiftiDatatype.FLOAT32);
        // the label one voxel off along z (2.5 mm): Dice < 1 and a distance of whole slices
        float[] shifted = new float[v[1].data().length];
        int plane = 12 * 10;
        System.arraycopy(v[1].data(), 0, shifted, plane, shifted.length - plane);
        Nifti.write(label, v[1].withData(shifted, "label"), NiftiDatatype.UINT8);
        CliRun e = CliRun.of("eval", "--checkpoint", ckpt.toString(), MODEL[0], MODEL[1], MODEL[2], MODEL[3],
                "--data", "nifti:" + scan + "," + label, "--split", "all", "--classes", "2");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("\"volume_metrics\"") && e.out().contains("\"distance_unit\": \"mm\""), e.out());
        assertTrue(java.util.regex.Pattern.compile("\"hd95\": \\[[0-9.]+, 2\\.5\\]").matcher(e.out()).find(),
                "class 1 is one slice (2.5 mm) off: " + e.out());
        assertTrue(e.out().contains("\"msd\""), e.out());
    }

    @Test
    void badVolumeAndTileArgumentsAreOneLineNamingTheFlagAndFoldersMayMixVolumesAndImages(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("model.safetensors");
        saveThresholdModel(ckpt);
        Path in = Files.createDirectories(dir.resolve("in"));
        Nifti.write(in.resolve("scan.nii"), scanAndLabel()[0], NiftiDatatype.INT16);
        String[][] cases = {{"--axis", "3"}, {"--tile", "-1"}, {"--tile", "16", "--overlap", "1"}};
        String[] flags = {"--axis", "--tile", "--overlap"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = {"predict", "--checkpoint", ckpt.toString(), "--base", "1", "--depth", "1", "--out", dir.resolve("o" + i).toString()};
            args = java.util.Arrays.copyOf(args, args.length + cases[i].length + 1);
            System.arraycopy(cases[i], 0, args, 9, cases[i].length);
            args[args.length - 1] = in.toString();
            CliRun r = CliRun.of(args);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().strip().lines().count() == 1 && r.err().contains(flags[i]), r.err());
        }
        org.segrad.data.ImageFiles.writeGray8(in.resolve("slice.png"), new float[16], 4, 4);
        CliRun mixed = CliRun.of("predict", "--checkpoint", ckpt.toString(), "--base", "1", "--depth", "1", "--out",
                dir.resolve("mixed").toString(), in.toString());
        assertEquals(0, mixed.code(), mixed.err());
        assertTrue(mixed.out().contains("1 volumes") && mixed.out().contains("1 images"), "a folder may mix volumes and images: " + mixed.out());
        assertTrue(Files.exists(dir.resolve("mixed/scan_labels.nii")) || Files.exists(dir.resolve("mixed/scan_labels.nii.gz")));
        assertTrue(Files.exists(dir.resolve("mixed/slice_mask.png")));
    }

    @Test
    void outOfMemoryIsOneLineNamingTileAndTheHeap() {
        CommandLine cl = new CommandLine(new SegradCli());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        CommandLine.ParseResult parsed = cl.parseArgs("predict", "--checkpoint", "m.safetensors", "x.png");
        int code = OutOfMemory.reporting(p -> {
            throw new OutOfMemoryError("Java heap space");
        }).execute(parsed);
        assertEquals(2, code);
        String line = err.toString().strip();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("segrad predict: out of memory") && line.contains("--tile") && line.contains("SEGRAD_JAVA_OPTS"), line);
    }
}
