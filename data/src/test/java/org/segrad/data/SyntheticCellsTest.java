package org.segrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticCellsTest {

    @Test
    void sameSeedGivesIdenticalArrays() {
        Dataset a = SyntheticCells.defaults().withCount(8).withSeed(7).generate();
        Dataset b = SyntheticCells.defaults().withCount(8).withSeed(7).generate();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).image(), b.get(i).image());
            assertArrayEquals(a.get(i).mask(), b.get(i).mask());
            assertEquals(a.get(i).name(), b.get(i).name());
        }
    }

    @Test
    void differentSeedGivesDifferentImages() {
        Sample a = SyntheticCells.defaults().withSeed(1).sample(0);
        Sample b = SyntheticCells.defaults().withSeed(2).sample(0);
        assertFalse(Arrays.equals(a.image(), b.image()));
        assertFalse(Arrays.equals(a.mask(), b.mask()));
        assertFalse(Arrays.equals(a.image(), SyntheticCells.defaults().withSeed(1).sample(1).image()));
    }

    @Test
    void imageDoesNotDependOnCount() {
        assertArrayEquals(SyntheticCells.defaults().withCount(3).generate().get(2).image(),
                SyntheticCells.defaults().withCount(10).sample(2).image());
    }

    @Test
    void foregroundIsAMinorityAndIntensitiesAreInUnitRange() {
        Dataset d = SyntheticCells.defaults().withCount(32).generate();
        assertEquals(2, d.classes());
        long fg = 0;
        long total = 0;
        double meanFg = 0;
        double meanBg = 0;
        for (Sample s : d.samples()) {
            assertEquals(128, s.h());
            assertEquals(128, s.w());
            for (int p = 0; p < s.mask().length; p++) {
                float v = s.image()[p];
                assertTrue(v >= 0f && v <= 1f, "intensity " + v);
                if (s.mask()[p] == 1) {
                    fg++;
                    meanFg += v;
                } else {
                    meanBg += v;
                }
                total++;
            }
        }
        double frac = (double) fg / total;
        assertTrue(frac > 0.03 && frac < 0.4, "foreground fraction " + frac);
        assertTrue(meanFg / fg > meanBg / (total - fg) + 0.2, "cells must be brighter than background");
    }

    @Test
    void threeClassMasksFollowTheBoundaryLaw() {
        SyntheticCells cfg = SyntheticCells.defaults().withCount(16).withSize(96, 112);
        Dataset three = cfg.withLabels(SyntheticCells.Labels.THREE_CLASS).generate();
        Dataset two = cfg.generate();
        assertEquals(3, three.classes());
        int boundary = 0;
        for (int i = 0; i < three.size(); i++) {
            Sample s = three.get(i);
            int[] m = s.mask();
            int[] b = two.get(i).mask();
            assertArrayEquals(two.get(i).image(), s.image(), "the label set must not change the image");
            int h = s.h();
            int w = s.w();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    assertEquals(b[p], m[p] > 0 ? 1 : 0, "same cells in both variants");
                    boolean touchesBackground = (x > 0 && m[p - 1] == 0) || (x < w - 1 && m[p + 1] == 0)
                            || (y > 0 && m[p - w] == 0) || (y < h - 1 && m[p + w] == 0);
                    if (m[p] != 0 && touchesBackground) {
                        assertEquals(2, m[p], "cell pixel next to background at (" + x + "," + y + ")");
                    }
                    if (m[p] == 2) {
                        boundary++;
                    }
                }
            }
        }
        assertTrue(boundary > 0);
    }

    @Test
    void boundaryBetweenTwoTouchingCells() {
        int[] inst = {
            1, 1, 2, 2,
            1, 1, 2, 2,
            0, 1, 2, 2,
        };
        int[] m = SyntheticCells.threeClass(inst, 3, 4);
        assertArrayEquals(new int[] {1, 2, 2, 1, 2, 2, 2, 1, 0, 2, 2, 1}, m);
    }

    @Test
    void generatesQuickly() {
        SyntheticCells.defaults().withCount(8).generate(); // warm-up
        long t0 = System.nanoTime();
        Dataset d = SyntheticCells.defaults().withCount(64).generate();
        double s = (System.nanoTime() - t0) / 1e9;
        assertEquals(64, d.size());
        System.out.printf("SyntheticCells: 64 images of 128x128 in %.3f s%n", s);
    }

    @Test
    void rejectsBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticCells.defaults().withSize(4, 128));
        assertTrue(e.getMessage().contains("4x128"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SyntheticCells.defaults().withCount(-1));
    }
}
