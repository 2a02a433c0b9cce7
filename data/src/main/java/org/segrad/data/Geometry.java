package org.segrad.data;

/**
 * Shape changes for images of any size: reflect padding to a multiple of 2^(depth−1) (so that every U-Net level
 * halves evenly) with cropping of the prediction back to the original size, plain crops, and seeded random crops.
 *
 * <p>Reflect padding mirrors without repeating the edge pixel (NumPy/PyTorch "reflect"); masks are padded the same
 * way as images, so a padded sample is a consistent training sample. The padding is split evenly: top = ⌊total/2⌋.
 */
public final class Geometry {
    private Geometry() {
    }

    /**
     * Where padding was added, and the original size to crop back to.
     *
     * @param top    rows added above
     * @param left   columns added on the left
     * @param bottom rows added below
     * @param right  columns added on the right
     * @param h      original height
     * @param w      original width
     */
    public record Padding(int top, int left, int bottom, int right, int h, int w) {
        /** Padded height. */
        public int paddedH() {
            return h + top + bottom;
        }

        /** Padded width. */
        public int paddedW() {
            return w + left + right;
        }

        /** Whether nothing is added. */
        public boolean isNone() {
            return top == 0 && left == 0 && bottom == 0 && right == 0;
        }

        /** A padded-size mask (e.g. a prediction) cropped back to the original {@code h × w}. */
        public int[] cropBack(int[] mask) {
            return crop(mask, paddedH(), paddedW(), top, left, h, w);
        }

        /** A padded-size {@code channels × H × W} array (e.g. logits) cropped back to {@code channels × h × w}. */
        public float[] cropBack(float[] a, int channels) {
            return crop(a, channels, paddedH(), paddedW(), top, left, h, w);
        }
    }

    /** The side multiple a U-Net of {@code depth} levels needs: 2^(depth−1). */
    public static int multipleForDepth(int depth) {
        if (depth < 1 || depth > 30) {
            throw new IllegalArgumentException("depth = " + depth + " but must be in 1..30");
        }
        return 1 << (depth - 1);
    }

    /** The padding that brings {@code h × w} up to the next multiples of {@code multiple}. */
    public static Padding paddingFor(int h, int w, int multiple) {
        if (multiple < 1) {
            throw new IllegalArgumentException("multiple = " + multiple + " but must be >= 1");
        }
        int ph = Math.floorMod(-h, multiple);
        int pw = Math.floorMod(-w, multiple);
        return new Padding(ph / 2, pw / 2, ph - ph / 2, pw - pw / 2, h, w);
    }

    /** The padding that brings {@code h × w} up to at least {@code th × tw} (nothing where already large enough). */
    public static Padding paddingTo(int h, int w, int th, int tw) {
        int ph = Math.max(0, th - h);
        int pw = Math.max(0, tw - w);
        return new Padding(ph / 2, pw / 2, ph - ph / 2, pw - pw / 2, h, w);
    }

    /** The sample reflect-padded to multiples of {@code multiple}; returns it unchanged if already a multiple. */
    public static Sample padToMultiple(Sample s, int multiple) {
        return pad(s, paddingFor(s.h(), s.w(), multiple));
    }

    /** Reflect-pads image and mask by {@code p} (whose h, w must be the sample's). */
    public static Sample pad(Sample s, Padding p) {
        if (p.h() != s.h() || p.w() != s.w()) {
            throw new IllegalArgumentException("padding for " + p.h() + "x" + p.w() + " but sample " + s.name()
                    + " is " + s.h() + "x" + s.w());
        }
        if (p.isNone()) {
            return s;
        }
        float[] img = pad(s.image(), s.channels(), s.h(), s.w(), p);
        int[] mask = null;
        if (s.mask() != null) {
            int ph = p.paddedH();
            int pw = p.paddedW();
            mask = new int[ph * pw];
            for (int y = 0; y < ph; y++) {
                int sy = Filters.reflect(y - p.top(), s.h());
                for (int x = 0; x < pw; x++) {
                    mask[y * pw + x] = s.mask()[sy * s.w() + Filters.reflect(x - p.left(), s.w())];
                }
            }
        }
        return new Sample(img, s.channels(), p.paddedH(), p.paddedW(), mask, s.name());
    }

    /** Reflect-pads a {@code channels × h × w} array by {@code p}. */
    public static float[] pad(float[] a, int channels, int h, int w, Padding p) {
        int ph = p.paddedH();
        int pw = p.paddedW();
        float[] out = new float[channels * ph * pw];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < ph; y++) {
                int src = (c * h + Filters.reflect(y - p.top(), h)) * w;
                int dst = (c * ph + y) * pw;
                for (int x = 0; x < pw; x++) {
                    out[dst + x] = a[src + Filters.reflect(x - p.left(), w)];
                }
            }
        }
        return out;
    }

    /** The {@code ch × cw} window at (top, left) of an {@code h × w} int array. */
    public static int[] crop(int[] a, int h, int w, int top, int left, int ch, int cw) {
        checkWindow(h, w, top, left, ch, cw);
        int[] out = new int[ch * cw];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(a, (top + y) * w + left, out, y * cw, cw);
        }
        return out;
    }

    /** The {@code ch × cw} window at (top, left) of each channel of a {@code channels × h × w} array. */
    public static float[] crop(float[] a, int channels, int h, int w, int top, int left, int ch, int cw) {
        checkWindow(h, w, top, left, ch, cw);
        float[] out = new float[channels * ch * cw];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < ch; y++) {
                System.arraycopy(a, (c * h + top + y) * w + left, out, (c * ch + y) * cw, cw);
            }
        }
        return out;
    }

    /** The {@code ch × cw} window at (top, left) of a sample (image and mask). */
    public static Sample crop(Sample s, int top, int left, int ch, int cw) {
        float[] img = crop(s.image(), s.channels(), s.h(), s.w(), top, left, ch, cw);
        int[] mask = s.mask() == null ? null : crop(s.mask(), s.h(), s.w(), top, left, ch, cw);
        return new Sample(img, s.channels(), ch, cw, mask, s.name());
    }

    /**
     * A seeded random {@code ch × cw} crop; a sample smaller than the crop is first reflect-padded up to it.
     * The result depends only on the sample and {@code seed} (derive it with {@link Rng#mix}).
     */
    public static Sample randomCrop(Sample s, int ch, int cw, long seed) {
        if (ch < 1 || cw < 1) {
            throw new IllegalArgumentException("crop = " + ch + "x" + cw + " but each side must be >= 1");
        }
        Sample p = pad(s, paddingTo(s.h(), s.w(), ch, cw));
        Rng rng = new Rng(seed);
        int top = rng.nextInt(p.h() - ch + 1);
        int left = rng.nextInt(p.w() - cw + 1);
        return crop(p, top, left, ch, cw);
    }

    private static void checkWindow(int h, int w, int top, int left, int ch, int cw) {
        if (top < 0 || left < 0 || ch < 1 || cw < 1 || top + ch > h || left + cw > w) {
            throw new IllegalArgumentException("crop window " + ch + "x" + cw + " at (" + top + "," + left
                    + ") does not fit in " + h + "x" + w);
        }
    }
}
