package org.segrad.data;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.segrad.io.ImageCodec;

/**
 * Images and masks as samples: PNG/TIFF decoding and encoding is {@link ImageCodec}'s (io module); this class turns
 * rasters into {@link Sample}s and label maps, and writes gray images, masks and colour overlays atomically.
 *
 * <p>Images: every channel of the file becomes an input channel — gray → 1, RGB(A) or a colour palette → 3 (R, G, B;
 * alpha dropped), a multi-page TIFF → one channel per page. With {@code rgbToGray} a colour image becomes one channel
 * of ITU-R 601 luma (0.299 R + 0.587 G + 0.114 B). Values are the stored integers divided by the type's maximum
 * (2^bits − 1: 255, 65535), or, for {@link #readPicture} with {@code raw}, the stored integers themselves (what
 * {@link Normalization} modes other than {@code none} start from). Masks: one band (or a palette, whose indices are
 * the class ids, or RGB with R = G = B) of class ids 0..K−1; a mask whose values are exactly a subset of {0, 255}
 * that contains 255 is binary and maps to {0, 1} (when K ≤ 255). Any other value is an error:
 * {@code "mask a.png pixel (3,7) = 7 but classes = 2"}.
 *
 * <p>Untrusted input: sizes are bounded before pixels are decoded and decoder failures become one
 * {@link IOException} naming the file (see {@link ImageCodec}).
 */
public final class ImageFiles {
    /** The largest image accepted, in pixels (2^26, an 8192² image: 256 MiB as floats). */
    public static final long MAX_PIXELS = ImageCodec.MAX_PIXELS;

    /** The 2-D file extensions this class reads (lower case, without the dot). */
    public static final java.util.List<String> EXTENSIONS = java.util.List.of("png", "tif", "tiff");

    /** Pass as {@code classes} to {@link #readMask} to accept any id (0/255 still maps to 0/1). */
    public static final int INFER_CLASSES = Integer.MAX_VALUE;

    private ImageFiles() {
    }

    /** A decoded label map. */
    public record Mask(int[] labels, int h, int w) {
    }

    /**
     * An image read as a sample, with the names of its channels ({@code gray}, {@code R G B}, {@code page1 …}) and
     * the largest value its sample type holds (255, 65535).
     */
    public record Picture(Sample sample, List<String> channels, int maxValue) {
    }

    /**
     * Reads one image as a sample without a mask (values ÷ the type's maximum), named after the file's base name.
     *
     * @throws IOException if the file cannot be decoded or is too large
     */
    public static Sample readImage(Path file, boolean rgbToGray) throws IOException {
        return readPicture(file, rgbToGray, false).sample();
    }

    /**
     * Reads one image: every channel of the file (or its luma with {@code rgbToGray}); values are the stored integers
     * when {@code raw}, else divided by 2^bits − 1.
     */
    public static Picture readPicture(Path file, boolean rgbToGray, boolean raw) throws IOException {
        ImageCodec.Image img = ImageCodec.read(file);
        int plane = img.width() * img.height();
        int[] s = img.samples();
        double scale = raw ? 1.0 : 1.0 / img.maxValue();
        List<String> names = new ArrayList<>();
        float[] out;
        if (img.isColour() && rgbToGray) {
            out = new float[plane];
            for (int i = 0; i < plane; i++) {
                out[i] = (float) (luma(s[i], s[plane + i], s[2 * plane + i]) * scale);
            }
            names.add("gray");
        } else {
            out = new float[s.length];
            for (int i = 0; i < s.length; i++) {
                out[i] = (float) (s[i] * scale);
            }
            if (img.isColour()) {
                names.addAll(List.of("R", "G", "B"));
            } else if (img.channels() == 1) {
                names.add("gray");
            } else {
                for (int c = 0; c < img.channels(); c++) {
                    names.add("page" + (c + 1));
                }
            }
        }
        Sample sample = new Sample(out, out.length / plane, img.height(), img.width(), null, baseName(file));
        return new Picture(sample, List.copyOf(names), img.maxValue());
    }

    /**
     * The class-id values of a mask file as stored (palette indices; one value of an R = G = B colour), unmapped.
     *
     * @throws IOException if the file cannot be decoded, is colour, or is not an integer image
     */
    public static Mask readMaskValues(Path file) throws IOException {
        ImageCodec.Image img = ImageCodec.read(file, true);
        int plane = img.width() * img.height();
        int[] s = img.samples();
        if (img.channels() > 1 && !img.isColour()) {
            throw new IOException("mask " + file + " is " + img.kind() + " but a mask must be one plane of class ids");
        }
        int[] m = java.util.Arrays.copyOf(s, plane);
        if (img.channels() == 3) {
            for (int i = 0; i < plane; i++) {
                if (s[plane + i] != s[i] || s[2 * plane + i] != s[i]) {
                    throw new IOException("mask " + file + " pixel (" + (i % img.width()) + "," + (i / img.width())
                            + ") is colour (" + s[i] + "," + s[plane + i] + "," + s[2 * plane + i]
                            + ") but masks must hold one class id");
                }
            }
        }
        return new Mask(m, img.height(), img.width());
    }

    /**
     * Reads a mask of class ids in 0..classes−1 (or binary 0/255, mapped to 0/1); {@link #INFER_CLASSES} accepts
     * any id.
     *
     * @throws IOException if the file cannot be decoded or a value is out of range
     */
    public static Mask readMask(Path file, int classes) throws IOException {
        if (classes < 2) {
            throw new IllegalArgumentException("classes = " + classes + " but must be >= 2");
        }
        Mask raw = readMaskValues(file);
        int[] m = raw.labels();
        int w = raw.w();
        boolean only0or255 = true;
        boolean has255 = false;
        for (int v : m) {
            only0or255 &= v == 0 || v == 255;
            has255 |= v == 255;
        }
        boolean binary255 = only0or255 && has255 && (classes <= 255 || classes == INFER_CLASSES);
        for (int i = 0; i < m.length; i++) {
            if (binary255) {
                m[i] = m[i] == 255 ? 1 : 0;
            } else if (m[i] >= classes) {
                throw new IOException("mask " + file + " pixel (" + (i % w) + "," + (i / w) + ") = " + m[i]
                        + " but classes = " + classes + " (expected ids 0.." + (classes - 1) + " or binary 0/255)");
            }
        }
        return raw;
    }

    /**
     * Reads an image and its mask as one sample.
     *
     * @throws IOException if either file is bad or their sizes differ
     */
    public static Sample readPair(Path image, Path mask, int classes, boolean rgbToGray) throws IOException {
        Sample s = readImage(image, rgbToGray);
        Mask m = readMask(mask, classes);
        checkSameSize(image, s, mask, m);
        return new Sample(s.image(), s.channels(), s.h(), s.w(), m.labels(), s.name());
    }

    /** @throws IOException naming both files when the mask's size differs from its image's */
    static void checkSameSize(Path image, Sample s, Path mask, Mask m) throws IOException {
        if (m.h() != s.h() || m.w() != s.w()) {
            throw new IOException("mask " + mask + " is " + m.w() + "x" + m.h() + " (w x h) but its image " + image
                    + " is " + s.w() + "x" + s.h());
        }
    }

    private static double luma(double red, double green, double blue) {
        return 0.299 * red + 0.587 * green + 0.114 * blue;
    }

    /** The file name without its extension (".nii.gz" counts as one). */
    public static String baseName(Path file) {
        String n = file.getFileName().toString();
        String lower = n.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".nii.gz")) {
            return n.substring(0, n.length() - 7);
        }
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    // ------------------------------------------------------------------------------------------------------ writing

    /** Writes an h×w gray image as an 8-bit PNG: round(clamp(v, 0, 1)·255). */
    public static void writeGray8(Path file, float[] gray, int h, int w) throws IOException {
        checkLength(gray.length, h, w, file);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, Math.round(clamp01(gray[y * w + x]) * 255f));
            }
        }
        writeAtomically(file, img, "png");
    }

    /** Writes an h×w gray image as a 16-bit PNG (or TIFF when the name ends in .tif/.tiff): round(clamp·65535). */
    public static void writeGray16(Path file, float[] gray, int h, int w) throws IOException {
        checkLength(gray.length, h, w, file);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, Math.round(clamp01(gray[y * w + x]) * 65535f));
            }
        }
        writeAtomically(file, img, ImageCodec.formatOf(file));
    }

    /**
     * Writes a mask as an 8-bit PNG: with 2 classes as 0/255 (visible, and read back as 0/1), otherwise the ids.
     */
    public static void writeMask(Path file, int[] mask, int h, int w, int classes) throws IOException {
        checkLength(mask.length, h, w, file);
        if (classes < 2 || classes > 256) {
            throw new IllegalArgumentException("classes = " + classes + " but an 8-bit mask PNG holds 2..256");
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int i = 0; i < mask.length; i++) {
            int v = mask[i];
            if (v < 0 || v >= classes) {
                throw new IllegalArgumentException("mask for " + file + " pixel (" + (i % w) + "," + (i / w) + ") = "
                        + v + " but classes = " + classes);
            }
            r.setSample(i % w, i / w, 0, classes == 2 ? v * 255 : v);
        }
        writeAtomically(file, img, "png");
    }

    /** The overlay colours of classes 1.. (class 0 is left uncoloured); cycled for more classes. */
    private static final int[] PALETTE = {
        0xE6194B, 0x3CB44B, 0x4363D8, 0xFFE119, 0xF58231, 0x911EB4, 0x46F0F0, 0xF032E6, 0xBCF60C, 0xFABEBE,
    };

    /**
     * Writes an RGB PNG of the gray image with class c ≥ 1 blended in its palette colour:
     * out = (1 − alpha)·gray + alpha·colour; background pixels stay gray.
     */
    public static void writeOverlay(Path file, float[] gray, int[] mask, int h, int w, float alpha)
            throws IOException {
        checkLength(gray.length, h, w, file);
        checkLength(mask.length, h, w, file);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha = " + alpha + " but must be in [0, 1]");
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                float g = clamp01(gray[p]) * 255f;
                int c = mask[p];
                int rgb;
                if (c <= 0) {
                    int v = Math.round(g);
                    rgb = (v << 16) | (v << 8) | v;
                } else {
                    int col = PALETTE[(c - 1) % PALETTE.length];
                    int red = Math.round((1 - alpha) * g + alpha * ((col >> 16) & 0xFF));
                    int green = Math.round((1 - alpha) * g + alpha * ((col >> 8) & 0xFF));
                    int blue = Math.round((1 - alpha) * g + alpha * (col & 0xFF));
                    rgb = (red << 16) | (green << 8) | blue;
                }
                img.setRGB(x, y, rgb);
            }
        }
        writeAtomically(file, img, "png");
    }

    private static float clamp01(float v) {
        return v > 1f ? 1f : (v >= 0f ? v : 0f); // NaN → 0
    }

    private static void checkLength(int length, int h, int w, Path file) {
        if (h < 1 || w < 1 || (long) h * w != length) {
            throw new IllegalArgumentException("writing " + file + ": array length = " + length + " but h·w = "
                    + h + "·" + w);
        }
    }

    /** Encodes into a temporary file beside {@code file}, then renames it over {@code file} ({@link ImageCodec}). */
    static void writeAtomically(Path file, BufferedImage img, String format) throws IOException {
        ImageCodec.write(file, img, format);
    }
}
