package org.segrad.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCodecTest {
    @TempDir
    Path dir;

    private static int[] values(int n, int max) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = (int) ((i * 7919L) % (max + 1));
        return a;
    }

    @Test
    void gray8Gray16AndRgbRoundTripExactly() throws IOException {
        ImageCodec.Image g8 = new ImageCodec.Image(5, 3, 1, 8, values(15, 255), "gray");
        ImageCodec.Image g16 = new ImageCodec.Image(5, 3, 1, 16, values(15, 4095), "gray");
        ImageCodec.Image rgb = new ImageCodec.Image(5, 3, 3, 8, values(45, 255), "RGB");
        for (String name : new String[] {"a.png", "a.tif"}) {
            for (ImageCodec.Image im : new ImageCodec.Image[] {g8, g16, rgb}) {
                Path f = dir.resolve(im.channels() + "_" + im.bits() + name);
                ImageCodec.write(f, im);
                ImageCodec.Image back = ImageCodec.read(f);
                assertEquals(im.channels(), back.channels(), f.toString());
                assertEquals(im.bits(), back.bits(), f.toString());
                assertArrayEquals(im.samples(), back.samples(), f.toString());
            }
        }
    }

    @Test
    void rgbIsThreePlanesAndAlphaIsDropped() throws IOException {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x80FF0010);
        img.setRGB(1, 0, 0xFF00FF20);
        Path f = dir.resolve("rgba.png");
        ImageIO.write(img, "png", f.toFile());
        ImageCodec.Image r = ImageCodec.read(f);
        assertEquals(3, r.channels());
        assertTrue(r.isColour());
        assertArrayEquals(new int[] {255, 0, 0, 255, 0x10, 0x20}, r.samples());
    }

    @Test
    void multiPageTiffIsOneChannelPerPage() throws IOException {
        ImageCodec.Image stack = new ImageCodec.Image(4, 3, 3, 16, values(36, 65535), "stack");
        Path f = dir.resolve("stack.tif");
        ImageCodec.writeTiffStack(f, stack);
        ImageCodec.Image back = ImageCodec.read(f);
        assertEquals(3, back.channels());
        assertEquals(16, back.bits());
        assertArrayEquals(stack.samples(), back.samples());
        assertTrue(!back.isColour() && back.kind().contains("3 pages"), back.kind());
    }

    @Test
    void outOfRangeSampleAndOddLayoutsAreRefusedBeforeWriting() {
        Path f = dir.resolve("bad.png");
        assertThrows(IllegalArgumentException.class,
                () -> ImageCodec.write(f, new ImageCodec.Image(1, 1, 1, 8, new int[] {256}, "gray")));
        assertThrows(IllegalArgumentException.class,
                () -> ImageCodec.write(f, new ImageCodec.Image(1, 1, 2, 8, new int[] {1, 2}, "2")));
        assertTrue(Files.notExists(f));
    }

    @Test
    void missingAndJunkFilesNameTheFile() throws IOException {
        IOException e = assertThrows(IOException.class, () -> ImageCodec.read(dir.resolve("none.png")));
        assertTrue(e.getMessage().contains("none.png"), e.getMessage());
        Path junk = dir.resolve("junk.tif");
        Files.write(junk, new byte[] {1, 2, 3});
        IOException e2 = assertThrows(IOException.class, () -> ImageCodec.read(junk));
        assertTrue(e2.getMessage().contains("junk.tif"), e2.getMessage());
    }
}
