package org.segrad.data;

import java.util.Objects;

/**
 * One 2-D training example: an image of {@code channels × h × w} floats in C order (row-major, channel first) and
 * its label map of {@code h × w} class ids. The mask is {@code null} for an unlabelled image (prediction input).
 *
 * <p>Arrays are shared, not copied: treat them as read-only. Equality is by reference (record default for arrays).
 *
 * @param image    pixel values, length {@code channels·h·w}, index {@code (c·h + y)·w + x}
 * @param channels number of channels, ≥ 1
 * @param h        height in pixels, ≥ 1
 * @param w        width in pixels, ≥ 1
 * @param mask     class ids, length {@code h·w}, index {@code y·w + x}; or {@code null}
 * @param name     a name for messages and output files (for example the file's base name)
 */
public record Sample(float[] image, int channels, int h, int w, int[] mask, String name) {

    /** Checks the shape: every length matches the declared dimensions. */
    public Sample {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(name, "name");
        if (channels < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("sample " + name + ": channels, h, w = " + channels + ", " + h + ", "
                    + w + " but each must be >= 1");
        }
        if ((long) channels * h * w != image.length) {
            throw new IllegalArgumentException("sample " + name + ": image length = " + image.length + " but channels·h·w = "
                    + ((long) channels * h * w));
        }
        if (mask != null && (long) h * w != mask.length) {
            throw new IllegalArgumentException("sample " + name + ": mask length = " + mask.length + " but h·w = "
                    + ((long) h * w));
        }
    }

    /** A single-channel sample. */
    public static Sample gray(float[] image, int h, int w, int[] mask, String name) {
        return new Sample(image, 1, h, w, mask, name);
    }

    /** Whether this sample has a mask. */
    public boolean hasMask() {
        return mask != null;
    }

    /** The same pixels under another name. */
    public Sample withName(String newName) {
        return new Sample(image, channels, h, w, mask, newName);
    }

    /**
     * Checks that every mask value lies in 0..classes−1.
     *
     * @throws IllegalArgumentException naming the sample, the pixel and the value, e.g.
     *                                  {@code "mask a pixel (3,17) = 7 but classes = 2"}
     */
    public void checkMask(int classes) {
        if (mask == null) {
            return;
        }
        for (int i = 0; i < mask.length; i++) {
            int v = mask[i];
            if (v < 0 || v >= classes) {
                throw new IllegalArgumentException("mask " + name + " pixel (" + (i % w) + "," + (i / w) + ") = " + v
                        + " but classes = " + classes);
            }
        }
    }
}
