package org.segrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Laws of flips, rotations, padding, crops and augmentation on random samples. */
class TransformProperties {

    static Sample randomSample(long seed, int channels, int h, int w, int classes) {
        Rng r = new Rng(seed);
        float[] img = new float[channels * h * w];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) r.nextDouble();
        }
        int[] mask = new int[h * w];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = r.nextInt(classes);
        }
        return new Sample(img, channels, h, w, mask, "s" + seed);
    }

    static void assertSameSample(Sample a, Sample b) {
        assertEquals(a.h(), b.h());
        assertEquals(a.w(), b.w());
        assertEquals(a.channels(), b.channels());
        assertArrayEquals(a.image(), b.image());
        assertArrayEquals(a.mask(), b.mask());
    }

    @Property(tries = 200)
    void flipTwiceIsIdentity(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int c,
                             @ForAll @IntRange(min = 1, max = 17) int h, @ForAll @IntRange(min = 1, max = 17) int w) {
        Sample s = randomSample(seed, c, h, w, 3);
        assertSameSample(s, Transforms.flipHorizontal(Transforms.flipHorizontal(s)));
        assertSameSample(s, Transforms.flipVertical(Transforms.flipVertical(s)));
    }

    @Property(tries = 200)
    void rot90FourTimesIsIdentity(@ForAll long seed, @ForAll @IntRange(min = 1, max = 2) int c,
                                  @ForAll @IntRange(min = 1, max = 13) int h,
                                  @ForAll @IntRange(min = 1, max = 13) int w) {
        Sample s = randomSample(seed, c, h, w, 4);
        Sample once = Transforms.rot90(s, 1);
        assertEquals(w, once.h());
        assertEquals(h, once.w());
        assertSameSample(s, Transforms.rot90(Transforms.rot90(Transforms.rot90(once, 1), 1), 1));
        assertSameSample(Transforms.rot90(s, 2),
                Transforms.flipVertical(Transforms.flipHorizontal(s)));
    }

    @Property(tries = 200)
    void padThenCropBackIsIdentity(@ForAll long seed, @ForAll @IntRange(min = 1, max = 2) int c,
                                   @ForAll @IntRange(min = 1, max = 40) int h,
                                   @ForAll @IntRange(min = 1, max = 40) int w,
                                   @ForAll @IntRange(min = 1, max = 5) int depth) {
        Sample s = randomSample(seed, c, h, w, 2);
        int m = Geometry.multipleForDepth(depth);
        Geometry.Padding p = Geometry.paddingFor(h, w, m);
        Sample padded = Geometry.pad(s, p);
        assertEquals(0, padded.h() % m);
        assertEquals(0, padded.w() % m);
        assertTrue(padded.h() - h < m && padded.w() - w < m);
        assertArrayEquals(s.image(), p.cropBack(padded.image(), c));
        assertArrayEquals(s.mask(), p.cropBack(padded.mask()));
    }

    @Property(tries = 100)
    void randomCropHasTheSizeAndComesFromTheSample(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int h,
                                                   @ForAll @IntRange(min = 1, max = 30) int w,
                                                   @ForAll @IntRange(min = 1, max = 20) int ch,
                                                   @ForAll @IntRange(min = 1, max = 20) int cw) {
        Sample s = randomSample(seed, 1, h, w, 2);
        Sample c = Geometry.randomCrop(s, ch, cw, seed);
        assertEquals(ch, c.h());
        assertEquals(cw, c.w());
        assertSameSample(c, Geometry.randomCrop(s, ch, cw, seed));
        if (ch <= h && cw <= w) {
            // the crop's first row occurs as a run in some row of the source
            float[] row = Arrays.copyOf(c.image(), cw);
            boolean found = false;
            for (int y = 0; y < h && !found; y++) {
                for (int x = 0; x + cw <= w && !found; x++) {
                    found = Arrays.equals(row, Arrays.copyOfRange(s.image(), y * w + x, y * w + x + cw));
                }
            }
            assertTrue(found);
        }
    }

    @Property(tries = 100)
    void augmentationKeepsShapeMaskRangeAndIsSeeded(@ForAll long seed, @ForAll @IntRange(min = 4, max = 40) int h,
                                                    @ForAll @IntRange(min = 4, max = 40) int w,
                                                    @ForAll @IntRange(min = 2, max = 5) int classes) {
        Sample s = randomSample(seed, 1, h, w, classes);
        Augment a = Augment.defaults().withAffine(1, 20, 0.8, 1.2).withElastic(1, 5, 4);
        Sample out = a.apply(s, seed);
        assertEquals(h, out.h());
        assertEquals(w, out.w());
        boolean[] present = new boolean[classes];
        for (int v : s.mask()) {
            present[v] = true;
        }
        for (int v : out.mask()) {
            assertTrue(v >= 0 && v < classes && present[v], "mask value " + v);
        }
        for (float v : out.image()) {
            assertTrue(v >= 0 && v <= 1, "intensity " + v);
        }
        assertSameSample(out, a.apply(s, seed));
    }

    @Property(tries = 50)
    void noneIsIdentityAndFlipsAlonePermute(@ForAll long seed) {
        Sample s = randomSample(seed, 1, 12, 9, 3);
        assertSameSample(s, Augment.none().apply(s, seed));
        Sample f = Augment.none().withFlips(true).withRot90(true).apply(s, seed);
        float[] a = s.image().clone();
        float[] b = f.image().clone();
        Arrays.sort(a);
        Arrays.sort(b);
        assertArrayEquals(a, b);
    }

    @Property(tries = 30)
    void identityResampleKeepsTheSample(@ForAll long seed) {
        Sample s = randomSample(seed, 2, 7, 11, 3);
        float[] sx = new float[77];
        float[] sy = new float[77];
        for (int i = 0; i < 77; i++) {
            sx[i] = i % 11;
            sy[i] = i / 11;
        }
        assertSameSample(s, Transforms.resample(s, sx, sy));
    }
}
