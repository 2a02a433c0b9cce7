package org.segrad.io;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * PNG and TIFF decoding into a raw raster of integer samples, and atomic gray8 / gray16 / RGB encoding, through
 * javax.imageio (the JDK's codecs: no dependency).
 *
 * <p>Decoding: gray → 1 channel; gray+alpha → 1 (alpha dropped); RGB → 3; RGBA → 3 (alpha dropped); a palette image →
 * 1 channel of gray levels when the palette is gray, else 3 channels of its RGB colours (or, with
 * {@code paletteIndices}, the palette indices themselves, as masks need). A multi-page TIFF whose pages are all
 * single-channel and of one size is read as one channel per page (a stack of modalities). Only unsigned 8- and 16-bit
 * integer samples are accepted ({@code bits} is the sample size, e.g. 8, 16; a 12-bit scanner image stored in 16
 * bits reads as 16).
 *
 * <p>Untrusted input: the declared width × height of every page is checked (≤ {@value #MAX_PIXELS} pixels, at most
 * {@value #MAX_CHANNELS} channels, ≤ {@value #MAX_SAMPLES} samples in all) before any pixel is decoded, and decoder
 * failures (a truncated file, a corrupt strip) become one {@link IOException} naming the file.
 */
public final class ImageCodec {
    /** The largest image accepted, in pixels per channel (2^26, an 8192² image). */
    public static final long MAX_PIXELS = 1L << 26;
    /** The most channels (pages of a TIFF stack, or colour bands) accepted. */
    public static final int MAX_CHANNELS = 64;
    /** The most samples (pixels × channels) accepted in one file (2^27: 512 MiB as ints). */
    public static final long MAX_SAMPLES = 1L << 27;

    private ImageCodec() {
    }

    /**
     * A decoded image: {@code channels} planes of {@code height × width} unsigned samples, planar and row-major:
     * sample (c, y, x) is {@code samples[(c·height + y)·width + x]}; each lies in 0..2^bits − 1.
     *
     * @param kind how the file stored it, for messages: e.g. "gray (1 channel, 8-bit)", "RGB (3 channels, 8-bit)"
     */
    public record Image(int width, int height, int channels, int bits, int[] samples, String kind) {
        /** Checks the shape. */
        public Image {
            if (width < 1 || height < 1 || channels < 1 || bits < 1 || bits > 16) {
                throw new IllegalArgumentException("image " + width + "x" + height + "x" + channels + " of " + bits
                        + " bits: each must be >= 1 and bits <= 16");
            }
            if ((long) width * height * channels != samples.length) {
                throw new IllegalArgumentException("image samples length = " + samples.length + " but w·h·c = "
                        + ((long) width * height * channels));
            }
        }

        /** The largest value a sample of this depth can hold: 2^bits − 1 (255, 65535). */
        public int maxValue() {
            return (1 << bits) - 1;
        }

        /** Whether the channels are the colours R, G, B of one picture (rather than gray or a stack of pages). */
        public boolean isColour() {
            return kind.startsWith("RGB") || kind.startsWith("colour palette");
        }
    }

    /** Decodes a PNG or TIFF; a colour palette becomes RGB. */
    public static Image read(Path file) throws IOException {
        return read(file, false);
    }

    /**
     * Decodes a PNG or TIFF.
     *
     * @param paletteIndices return a palette image's indices (1 channel) rather than its colours
     * @throws IOException naming the file when it is missing, not an image, too large, of an unsupported sample type,
     *                     or corrupt
     */
    public static Image read(Path file, boolean paletteIndices) throws IOException {
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
                reader.setInput(in, false, true);
                return decodePages(reader, file, paletteIndices);
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

    private static Image decodePages(ImageReader reader, Path file, boolean paletteIndices) throws IOException {
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        checkSize(file, w, h, 1);
        Image first = convert(reader.read(0), file, paletteIndices);
        boolean tiff = reader.getFormatName().toLowerCase(Locale.ROOT).contains("tif");
        int pages = tiff ? reader.getNumImages(true) : 1;
        if (pages <= 1) {
            return first;
        }
        if (pages > MAX_CHANNELS) {
            throw new IOException("image " + file + " has " + pages + " pages but at most " + MAX_CHANNELS
                    + " channels are supported");
        }
        checkSize(file, w, h, pages);
        int plane = first.width() * first.height();
        int[] all = new int[plane * pages];
        int bits = first.bits();
        for (int p = 0; p < pages; p++) {
            Image page = p == 0 ? first : convert(readPage(reader, p, file, w, h), file, paletteIndices);
            if (page.channels() != 1 || page.width() != w || page.height() != h || page.bits() != bits) {
                throw new IOException("image " + file + " page " + (p + 1) + " is " + page.width() + "x" + page.height()
                        + " " + page.kind() + " but page 1 is " + w + "x" + h + " " + first.kind()
                        + " (a multi-page TIFF is read as channels: every page must be one gray plane of one size and depth)");
            }
            System.arraycopy(page.samples(), 0, all, p * plane, plane);
        }
        return new Image((int) w, (int) h, pages, bits, all, "gray stack (" + pages + " pages, " + bits + "-bit)");
    }

    private static BufferedImage readPage(ImageReader reader, int p, Path file, long w, long h) throws IOException {
        if (reader.getWidth(p) != w || reader.getHeight(p) != h) {
            throw new IOException("image " + file + " page " + (p + 1) + " is " + reader.getWidth(p) + "x"
                    + reader.getHeight(p) + " but page 1 is " + w + "x" + h);
        }
        return reader.read(p);
    }

    private static void checkSize(Path file, long w, long h, int channels) throws IOException {
        if (w < 1 || h < 1 || w * h > MAX_PIXELS || w * h * channels > MAX_SAMPLES) {
            throw new IOException("image " + file + " declares " + w + "x" + h + " pixels" + (channels > 1 ? " x "
                    + channels + " channels" : "") + " but the limit is " + MAX_PIXELS + " pixels and " + MAX_SAMPLES
                    + " samples");
        }
    }

    private static Image convert(BufferedImage img, Path file, boolean paletteIndices) throws IOException {
        if (img == null) {
            throw new IOException("image " + file + " could not be decoded");
        }
        int h = img.getHeight();
        int w = img.getWidth();
        int plane = w * h;
        Raster r = img.getRaster();
        ColorModel cm = img.getColorModel();
        if (cm instanceof IndexColorModel icm) {
            boolean gray = isGrayPalette(icm);
            if (paletteIndices) {
                int[] out = new int[plane];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        out[y * w + x] = r.getSample(x, y, 0);
                    }
                }
                return new Image(w, h, 1, 8, out, "palette indices (1 channel, 8-bit)");
            }
            int channels = gray ? 1 : 3;
            int[] out = new int[plane * channels];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = r.getSample(x, y, 0);
                    out[y * w + x] = icm.getRed(i);
                    if (!gray) {
                        out[plane + y * w + x] = icm.getGreen(i);
                        out[2 * plane + y * w + x] = icm.getBlue(i);
                    }
                }
            }
            return new Image(w, h, channels, 8, out, gray ? "gray palette (1 channel, 8-bit)"
                    : "colour palette (3 channels, 8-bit)");
        }
        int type = r.getDataBuffer().getDataType();
        if (type != DataBuffer.TYPE_BYTE && type != DataBuffer.TYPE_USHORT) {
            throw new IOException("image " + file + " has " + describe(r)
                    + " but only unsigned 8-bit and 16-bit integer images are supported");
        }
        int bands = r.getNumBands();
        int channels = bands <= 2 ? 1 : 3;
        int bits = r.getSampleModel().getSampleSize(0);
        for (int c = 1; c < channels; c++) {
            if (r.getSampleModel().getSampleSize(c) != bits) {
                throw new IOException("image " + file + " has bands of different depths; expected one depth for all");
            }
        }
        int[] out = new int[plane * channels];
        for (int c = 0; c < channels; c++) {
            int[] plane1 = r.getSamples(0, 0, w, h, c, (int[]) null);
            System.arraycopy(plane1, 0, out, c * plane, plane);
        }
        return new Image(w, h, channels, bits, out, describe(r));
    }

    private static boolean isGrayPalette(IndexColorModel icm) {
        for (int i = 0; i < icm.getMapSize(); i++) {
            if (icm.getRed(i) != icm.getGreen(i) || icm.getRed(i) != icm.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Raster r) {
        int bits = r.getSampleModel().getSampleSize(0);
        String kind = switch (r.getNumBands()) {
            case 1 -> "gray";
            case 2 -> "gray+alpha";
            case 3 -> "RGB";
            case 4 -> "RGBA";
            default -> r.getNumBands() + "-band";
        };
        String sample = switch (r.getDataBuffer().getDataType()) {
            case DataBuffer.TYPE_FLOAT -> " float";
            case DataBuffer.TYPE_DOUBLE -> " double";
            case DataBuffer.TYPE_INT -> " int";
            case DataBuffer.TYPE_SHORT -> " signed short";
            default -> "";
        };
        return kind + " (" + r.getNumBands() + " channels, " + bits + "-bit" + sample + ")";
    }

    // ------------------------------------------------------------------------------------------------------ writing

    /**
     * Encodes an image atomically (a temporary file beside {@code file}, then a rename): 1 channel of 8 bits → gray8
     * PNG; 1 channel of 16 bits → gray16 PNG, or TIFF when the name ends in .tif/.tiff; 3 channels of 8 bits → RGB PNG
     * (or TIFF). Samples are taken as they are (no scaling); one outside 0..2^bits − 1 is an error.
     *
     * @throws IllegalArgumentException for another channel count or depth, or a sample out of range
     */
    public static void write(Path file, Image image) throws IOException {
        int w = image.width();
        int h = image.height();
        int plane = w * h;
        BufferedImage img;
        if (image.channels() == 1 && (image.bits() == 8 || image.bits() == 16)) {
            img = new BufferedImage(w, h, image.bits() == 8 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY);
        } else if (image.channels() == 3 && image.bits() == 8) {
            img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        } else {
            throw new IllegalArgumentException("writing " + file + ": " + image.channels() + " channels of " + image.bits()
                    + " bits; supported are gray 8/16-bit and RGB 8-bit");
        }
        int max = image.maxValue();
        WritableRaster r = img.getRaster();
        int[] s = image.samples();
        for (int c = 0; c < image.channels(); c++) {
            for (int i = 0; i < plane; i++) {
                int v = s[c * plane + i];
                if (v < 0 || v > max) {
                    throw new IllegalArgumentException("writing " + file + ": sample (" + c + "," + (i / w) + ","
                            + (i % w) + ") = " + v + " but must be in 0.." + max);
                }
            }
            for (int y = 0; y < h; y++) {
                r.setSamples(0, y, w, 1, c, java.util.Arrays.copyOfRange(s, c * plane + y * w, c * plane + y * w + w));
            }
        }
        write(file, img, formatOf(file));
    }

    /** Encodes {@code img} in {@code format} ("png", "tiff") into a temporary file beside {@code file}, then renames. */
    public static void write(Path file, BufferedImage img, String format) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, format, out)) {
                throw new IOException("no " + format + " writer for " + file);
            }
        });
    }

    /** "tiff" for a .tif/.tiff name, else "png". */
    public static String formatOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".tif") || n.endsWith(".tiff") ? "tiff" : "png";
    }

    /**
     * Writes a multi-page TIFF of single-channel 16-bit planes (one page per channel of {@code image}), atomically.
     * The reader of this class reads it back as {@code image}.
     */
    public static void writeTiffStack(Path file, Image image) throws IOException {
        if (image.bits() != 16 && image.bits() != 8) {
            throw new IllegalArgumentException("writing " + file + ": bits = " + image.bits() + " but must be 8 or 16");
        }
        int plane = image.width() * image.height();
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        AtomicFiles.write(file, out -> {
            try (javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.prepareWriteSequence(null);
                for (int c = 0; c < image.channels(); c++) {
                    int[] page = java.util.Arrays.copyOfRange(image.samples(), c * plane, (c + 1) * plane);
                    BufferedImage img = new BufferedImage(image.width(), image.height(),
                            image.bits() == 8 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY);
                    img.getRaster().setSamples(0, 0, image.width(), image.height(), 0, page);
                    writer.writeToSequence(new javax.imageio.IIOImage(img, null, null), null);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
        });
    }
}
