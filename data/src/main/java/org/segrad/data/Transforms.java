package org.segrad.data;

/**
 * The geometric primitives of {@link Augment}: exact flips and 90° rotations, and resampling through a map of source
 * coordinates (bilinear for the image, nearest for the mask, reflect at the border).
 */
public final class Transforms {
    private Transforms() {
    }

    /** Mirror left ↔ right: out(y, x) = in(y, w−1−x). */
    public static Sample flipHorizontal(Sample s) {
        int h = s.h();
        int w = s.w();
        float[] img = new float[s.image().length];
        for (int r = 0; r < s.channels() * h; r++) {
            for (int x = 0; x < w; x++) {
                img[r * w + x] = s.image()[r * w + w - 1 - x];
            }
        }
        int[] mask = null;
        if (s.mask() != null) {
            mask = new int[h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    mask[y * w + x] = s.mask()[y * w + w - 1 - x];
                }
            }
        }
        return new Sample(img, s.channels(), h, w, mask, s.name());
    }

    /** Mirror top ↔ bottom: out(y, x) = in(h−1−y, x). */
    public static Sample flipVertical(Sample s) {
        int h = s.h();
        int w = s.w();
        float[] img = new float[s.image().length];
        for (int c = 0; c < s.channels(); c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(s.image(), (c * h + h - 1 - y) * w, img, (c * h + y) * w, w);
            }
        }
        int[] mask = null;
        if (s.mask() != null) {
            mask = new int[h * w];
            for (int y = 0; y < h; y++) {
                System.arraycopy(s.mask(), (h - 1 - y) * w, mask, y * w, w);
            }
        }
        return new Sample(img, s.channels(), h, w, mask, s.name());
    }

    /**
     * Rotation by k·90° counter-clockwise (k taken mod 4); the result is {@code w × h}. One step:
     * out(y, x) = in(x, w_out−1−y) with out of size w × h.
     */
    public static Sample rot90(Sample s, int k) {
        Sample out = s;
        for (int i = 0; i < Math.floorMod(k, 4); i++) {
            out = rot90Once(out);
        }
        return out;
    }

    private static Sample rot90Once(Sample s) {
        int h = s.h();
        int w = s.w();
        int oh = w;
        int ow = h;
        float[] img = new float[s.image().length];
        for (int c = 0; c < s.channels(); c++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    img[(c * oh + y) * ow + x] = s.image()[(c * h + x) * w + (w - 1 - y)];
                }
            }
        }
        int[] mask = null;
        if (s.mask() != null) {
            mask = new int[h * w];
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    mask[y * ow + x] = s.mask()[x * w + (w - 1 - y)];
                }
            }
        }
        return new Sample(img, s.channels(), oh, ow, mask, s.name());
    }

    /**
     * out(y, x) = in(sy[y·w+x], sx[y·w+x]): bilinear for the image, nearest neighbour for the mask, coordinates
     * outside the image reflected back in.
     */
    public static Sample resample(Sample s, float[] sx, float[] sy) {
        int h = s.h();
        int w = s.w();
        if (sx.length != h * w || sy.length != h * w) {
            throw new IllegalArgumentException("coordinate maps of length " + sx.length + ", " + sy.length
                    + " but the sample " + s.name() + " has " + (h * w) + " pixels");
        }
        float[] img = new float[s.image().length];
        int[] mask = s.mask() == null ? null : new int[h * w];
        for (int p = 0; p < h * w; p++) {
            float fx = sx[p];
            float fy = sy[p];
            int x0 = (int) Math.floor(fx);
            int y0 = (int) Math.floor(fy);
            float ax = fx - x0;
            float ay = fy - y0;
            int xa = Filters.reflect(x0, w);
            int xb = Filters.reflect(x0 + 1, w);
            int ya = Filters.reflect(y0, h);
            int yb = Filters.reflect(y0 + 1, h);
            for (int c = 0; c < s.channels(); c++) {
                int base = c * h * w;
                float[] in = s.image();
                float top = (1 - ax) * in[base + ya * w + xa] + ax * in[base + ya * w + xb];
                float bottom = (1 - ax) * in[base + yb * w + xa] + ax * in[base + yb * w + xb];
                img[base + p] = (1 - ay) * top + ay * bottom;
            }
            if (mask != null) {
                int nx = Filters.reflect(Math.round(fx), w);
                int ny = Filters.reflect(Math.round(fy), h);
                mask[p] = s.mask()[ny * w + nx];
            }
        }
        return new Sample(img, s.channels(), h, w, mask, s.name());
    }
}
