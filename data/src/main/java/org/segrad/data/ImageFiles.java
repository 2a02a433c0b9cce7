package org.segrad.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.segrad.io.AtomicFiles;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads PNG and TIFF images and masks through javax.imageio, and writes 8-bit gray PNGs, mask PNGs and colour
 * overlays atomically (a temporary file in the same folder, then a rename).
 *
 * <p>Images: 8-bit gray → v/255, 16-bit gray → v/65535 (other integer depths → v/(2^bits−1)); gray+alpha uses the
 * gray band; a gray palette uses its gray levels; RGB(A) or a colour palette → ITU-R 601 luma
 * (0.299 R + 0.587 G + 0.114 B) only when {@code rgbToGray} is set, otherwise an error that names the file and its
 * type. Masks: one band (or a palette, whose indices are the class ids, or RGB with R = G = B) of class ids
 * 0..K−1; a mask whose values are exactly a subset of {0, 255} that contains 255 is binary and maps to {0, 1} (when
 * K ≤ 255). Any other value is an error: {@code "mask a.png pixel (3,7) = 7 but classes = 2"}.
 *
 * <p>Untrusted input: the declared width × height is checked (≤ {@value #MAX_PIXELS} pixels) before any pixel is
 * decoded, and decoder failures (a truncated file) become one {@link IOException} naming the file.
 */
public final class ImageFiles {
    /** The largest image accepted, in pixels (2^26, an 8192² image: 256 MiB as floats). */
    public static final long MAX_PIXELS = 1L << 26;

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
     * Reads one image as a single-channel sample without a mask, named after the file's base name.
     *
     * @throws IOException if the file cannot be decoded, is too large, or is colour while {@code rgbToGray} is false
     */
    public static Sample readImage(Path file, boolean rgbToGray) throws IOException {
        BufferedImage img = decode(file);
        int h = img.getHeight();
        int w = img.getWidth();
        Raster r = img.getRaster();
        ColorModel cm = img.getColorModel();
        int bands = r.getNumBands();
        float[] out = new float[h * w];
        if (cm instanceof IndexColorModel icm) {
            boolean gray = isGrayPalette(icm);
            if (!gray && !rgbToGray) {
                throw new IOException("image " + file + " is colour (palette of " + icm.getMapSize()
                        + " colours); ask for RGB → gray conversion (rgbToGray) or convert it to grayscale");
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = r.getSample(x, y, 0);
                    out[y * w + x] = (float) (luma(icm.getRed(i), icm.getGreen(i), icm.getBlue(i)) / 255.0);
                }
            }
            return Sample.gray(out, h, w, null, baseName(file));
        }
        int type = r.getDataBuffer().getDataType();
        if (type != DataBuffer.TYPE_BYTE && type != DataBuffer.TYPE_USHORT) {
            throw new IOException("image " + file + " has " + describe(img)
                    + " but only 8-bit and 16-bit integer images are supported");
        }
        if (bands <= 2) {
            double scale = 1.0 / maxValue(r, 0);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (float) (r.getSample(x, y, 0) * scale);
                }
            }
        } else {
            if (!rgbToGray) {
                throw new IOException("image " + file + " is " + describe(img)
                        + "; ask for RGB → gray conversion (rgbToGray) or convert it to grayscale");
            }
            double sr = 1.0 / maxValue(r, 0);
            double sg = 1.0 / maxValue(r, 1);
            double sb = 1.0 / maxValue(r, 2);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (float) luma(r.getSample(x, y, 0) * sr, r.getSample(x, y, 1) * sg,
                            r.getSample(x, y, 2) * sb);
                }
            }
        }
        return Sample.gray(out, h, w, null, baseName(file));
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
        BufferedImage img = decode(file);
        int h = img.getHeight();
        int w = img.getWidth();
        Raster r = img.getRaster();
        int bands = img.getColorModel() instanceof IndexColorModel ? 1 : r.getNumBands();
        int type = r.getDataBuffer().getDataType();
        if (type != DataBuffer.TYPE_BYTE && type != DataBuffer.TYPE_USHORT) {
            throw new IOException("mask " + file + " has " + describe(img) + " but masks must hold integer class ids");
        }
        int[] m = new int[h * w];
        boolean only0or255 = true;
        boolean has255 = false;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = r.getSample(x, y, 0);
                if (bands >= 3 && (r.getSample(x, y, 1) != v || r.getSample(x, y, 2) != v)) {
                    throw new IOException("mask " + file + " pixel (" + x + "," + y + ") is colour (" + v + ","
                            + r.getSample(x, y, 1) + "," + r.getSample(x, y, 2) + ") but masks must hold one class id");
                }
                m[y * w + x] = v;
                only0or255 &= v == 0 || v == 255;
                has255 |= v == 255;
            }
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
        return new Mask(m, h, w);
    }

    /**
     * Reads an image and its mask as one sample.
     *
     * @throws IOException if either file is bad or their sizes differ
     */
    public static Sample readPair(Path image, Path mask, int classes, boolean rgbToGray) throws IOException {
        Sample s = readImage(image, rgbToGray);
        Mask m = readMask(mask, classes);
        if (m.h() != s.h() || m.w() != s.w()) {
            throw new IOException("mask " + mask + " is " + m.w() + "x" + m.h() + " (w x h) but its image " + image
                    + " is " + s.w() + "x" + s.h());
        }
        return Sample.gray(s.image(), s.h(), s.w(), m.labels(), s.name());
    }

    /** The largest value of (x, y, c) of band {@code c}'s type: 255 for 8 bit, 65535 for 16 bit. */
    private static double maxValue(Raster r, int band) {
        int bits = r.getSampleModel().getSampleSize(band);
        return (double) ((1L << bits) - 1);
    }

    private static double luma(double red, double green, double blue) {
        return 0.299 * red + 0.587 * green + 0.114 * blue;
    }

    private static boolean isGrayPalette(IndexColorModel icm) {
        for (int i = 0; i < icm.getMapSize(); i++) {
            if (icm.getRed(i) != icm.getGreen(i) || icm.getRed(i) != icm.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(BufferedImage img) {
        Raster r = img.getRaster();
        int bits = r.getSampleModel().getSampleSize(0);
        String kind = switch (r.getNumBands()) {
            case 1 -> "gray";
            case 2 -> "gray+alpha";
            case 3 -> "RGB";
            case 4 -> "RGBA";
            default -> r.getNumBands() + "-band";
        };
        String sample = switch (r.getDataBuffer().getDataType()) {
            case DataBuffer.TYPE_FLOAT -> "float";
            case DataBuffer.TYPE_DOUBLE -> "double";
            case DataBuffer.TYPE_INT -> "int";
            case DataBuffer.TYPE_SHORT -> "signed short";
            default -> "integer";
        };
        return kind + " (" + r.getNumBands() + " channels, " + bits + "-bit " + sample + ")";
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

    private static BufferedImage decode(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("image file " + file + " does not exist or is not a regular file");
        }
        ImageIO.setUseCache(false);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException("cannot open " + file);
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("file " + file + " is not a PNG or TIFF image (no decoder recognises it)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w < 1 || h < 1 || w * h > MAX_PIXELS) {
                    throw new IOException("image " + file + " declares " + w + "x" + h + " pixels but the limit is "
                            + MAX_PIXELS + " pixels");
                }
                BufferedImage img = reader.read(0);
                if (img == null) {
                    throw new IOException("image " + file + " could not be decoded");
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains(file.toString())) {
                throw e;
            }
            throw new IOException("cannot read image " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Some decoders throw unchecked exceptions on corrupt data (truncated TIFF strips, bad palettes).
            throw new IOException("cannot read image " + file + " (corrupt data): " + e, e);
        }
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
        writeAtomically(file, img, formatOf(file));
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

    private static String formatOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".tif") || n.endsWith(".tiff") ? "tiff" : "png";
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

    /** Encodes into a temporary file beside {@code file}, then renames it over {@code file}. */
    static void writeAtomically(Path file, BufferedImage img, String format) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, format, out)) throw new IOException("no " + format + " writer for " + file);
        });
    }
}
