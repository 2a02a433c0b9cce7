package org.segrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    @TempDir
    Path dir;

    private static float[] ramp(int h, int w) {
        float[] a = new float[h * w];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i * 37 % 101) / 100f;
        }
        return a;
    }

    @Test
    void gray8RoundTripIsWithinHalfAStep() throws IOException {
        float[] a = ramp(9, 13);
        Path f = dir.resolve("a.png");
        ImageFiles.writeGray8(f, a, 9, 13);
        Sample s = ImageFiles.readImage(f, false);
        assertEquals(9, s.h());
        assertEquals(13, s.w());
        assertEquals("a", s.name());
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], s.image()[i], 0.5 / 255 + 1e-6);
            assertEquals(Math.round(a[i] * 255) / 255f, s.image()[i], 1e-6);
        }
    }

    @Test
    void gray16RoundTripPngAndTiff() throws IOException {
        float[] a = ramp(7, 5);
        for (String name : new String[] {"b.png", "b.tif", "c.tiff"}) {
            Path f = dir.resolve(name);
            ImageFiles.writeGray16(f, a, 7, 5);
            Sample s = ImageFiles.readImage(f, false);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Math.round(a[i] * 65535) / 65535f, s.image()[i], 1e-7, name);
            }
        }
    }

    @Test
    void rgbNeedsConversionAndUsesLuma() throws IOException {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF0000);
        img.setRGB(1, 0, 0x00FF00);
        Path f = dir.resolve("rgb.png");
        ImageIO.write(img, "png", f.toFile());
        // Issue 12: without the conversion an RGB image is 3 input channels (it used to be refused).
        Sample rgb = ImageFiles.readImage(f, false);
        assertEquals(3, rgb.channels());
        assertArrayEquals(new float[] {1, 0, 0, 1, 0, 0}, rgb.image());
        Sample s = ImageFiles.readImage(f, true);
        assertEquals(0.299f, s.image()[0], 1e-6);
        assertEquals(0.587f, s.image()[1], 1e-6);
    }

    @Test
    void binaryMask0And255MapsTo01() throws IOException {
        int[] m = {0, 1, 1, 0, 1, 0};
        Path f = dir.resolve("m.png");
        ImageFiles.writeMask(f, m, 2, 3, 2); // written as 0/255
        BufferedImage raw = ImageIO.read(f.toFile());
        assertEquals(255, raw.getRaster().getSample(1, 0, 0));
        assertArrayEquals(m, ImageFiles.readMask(f, 2).labels());
    }

    @Test
    void multiClassMaskRoundTrip() throws IOException {
        int[] m = {0, 1, 2, 3, 2, 1};
        Path f = dir.resolve("m4.png");
        ImageFiles.writeMask(f, m, 3, 2, 4);
        ImageFiles.Mask r = ImageFiles.readMask(f, 4);
        assertArrayEquals(m, r.labels());
        assertEquals(3, r.h());
        assertEquals(2, r.w());
    }

    @Test
    void labelOutOfRangeNamesFilePixelValueAndClasses() throws IOException {
        int[] m = {0, 1, 2, 7, 2, 1};
        Path f = dir.resolve("a.png");
        ImageFiles.writeMask(f, m, 2, 3, 8);
        IOException e = assertThrows(IOException.class, () -> ImageFiles.readMask(f, 2));
        assertTrue(e.getMessage().contains("a.png pixel (2,0) = 2 but classes = 2"), e.getMessage());
    }

    @Test
    void truncatedPngIsOneClearIOException() throws IOException {
        Path good = dir.resolve("g.png");
        ImageFiles.writeGray8(good, ramp(64, 64), 64, 64);
        byte[] bytes = Files.readAllBytes(good);
        Path bad = dir.resolve("t.png");
        Files.write(bad, Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> ImageFiles.readImage(bad, false));
        assertTrue(e.getMessage().contains("t.png"), e.getMessage());
        Path junk = dir.resolve("junk.png");
        Files.write(junk, new byte[] {1, 2, 3, 4});
        IOException e2 = assertThrows(IOException.class, () -> ImageFiles.readImage(junk, false));
        assertTrue(e2.getMessage().contains("junk.png"), e2.getMessage());
    }

    @Test
    void truncatedTiffIsOneClearIOException() throws IOException {
        Path good = dir.resolve("g.tif");
        ImageFiles.writeGray16(good, ramp(64, 64), 64, 64);
        byte[] bytes = Files.readAllBytes(good);
        for (int keep : new int[] {bytes.length / 2, 100, 9}) {
            Path bad = dir.resolve("t" + keep + ".tif");
            Files.write(bad, Arrays.copyOf(bytes, keep));
            IOException e = assertThrows(IOException.class, () -> ImageFiles.readImage(bad, false));
            assertTrue(e.getMessage().contains(bad.getFileName().toString()), e.getMessage());
        }
    }

    @Test
    void maskOfAnotherSizeIsRejected() throws IOException {
        Path img = dir.resolve("x.png");
        Path mask = dir.resolve("xm.png");
        ImageFiles.writeGray8(img, ramp(4, 5), 4, 5);
        ImageFiles.writeMask(mask, new int[12], 3, 4, 2);
        IOException e = assertThrows(IOException.class, () -> ImageFiles.readPair(img, mask, 2, false));
        assertTrue(e.getMessage().contains("xm.png is 4x3") && e.getMessage().contains("5x4"), e.getMessage());
        Sample ok = ImageFiles.readPair(img, img, 256, false);
        assertEquals(20, ok.mask().length);
    }

    @Test
    void overlayIsRgbAndWritingLeavesNoTempFiles() throws IOException {
        Sample s = SyntheticCells.defaults().withSize(32, 40).sample(0);
        Path f = dir.resolve("out/overlay.png");
        ImageFiles.writeOverlay(f, s.image(), s.mask(), 32, 40, 0.4f);
        BufferedImage back = ImageIO.read(f.toFile());
        assertEquals(40, back.getWidth());
        assertEquals(3, back.getRaster().getNumBands());
        try (var files = Files.list(f.getParent())) {
            assertEquals(1, files.count());
        }
        assertThrows(IllegalArgumentException.class,
                () -> ImageFiles.writeMask(dir.resolve("bad.png"), new int[] {0, 5}, 1, 2, 2));
        assertTrue(Files.notExists(dir.resolve("bad.png")));
    }

    @Test
    void baseNames() {
        assertEquals("a.b", ImageFiles.baseName(Path.of("x/a.b.png")));
        assertEquals("brain", ImageFiles.baseName(Path.of("brain.nii.gz")));
        assertEquals("brain", ImageFiles.baseName(Path.of("brain.NII")));
    }
}
