package org.segrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AugmentTest {

    @Test
    void flipAndRotateKnownPixels() {
        Sample s = Sample.gray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3, new int[] {0, 1, 2, 0, 1, 2}, "k");
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, Transforms.flipHorizontal(s).image());
        assertArrayEquals(new float[] {4, 5, 6, 1, 2, 3}, Transforms.flipVertical(s).image());
        Sample r = Transforms.rot90(s, 1); // counter-clockwise: the right column becomes the top row
        assertEquals(3, r.h());
        assertEquals(2, r.w());
        assertArrayEquals(new float[] {3, 6, 2, 5, 1, 4}, r.image());
        assertArrayEquals(new int[] {2, 2, 1, 1, 0, 0}, r.mask());
    }

    @Test
    void differentSeedsGiveDifferentAugmentationsAndSwitchesAreIndependent() {
        Sample s = SyntheticCells.defaults().withSize(64, 64).sample(3);
        Augment a = Augment.defaults();
        int distinct = 0;
        for (int seed = 0; seed < 8; seed++) {
            if (!Arrays.equals(a.apply(s, seed).image(), a.apply(s, seed + 100).image())) {
                distinct++;
            }
        }
        assertTrue(distinct >= 7);
        // switching intensity off does not change the geometry drawn for the same seed
        Sample geo = a.withIntensity(false).apply(s, 5);
        assertArrayEquals(a.apply(s, 5).mask(), geo.mask());
    }

    @Test
    void affineAndElasticMoveTheMaskOnlySlightly() {
        Sample s = SyntheticCells.defaults().sample(0);
        Sample out = Augment.none().withAffine(1, 10, 0.95, 1.05).withElastic(1, 3, 6).apply(s, 11);
        assertFalse(Arrays.equals(s.mask(), out.mask()));
        long fgIn = Arrays.stream(s.mask()).filter(v -> v == 1).count();
        long fgOut = Arrays.stream(out.mask()).filter(v -> v == 1).count();
        assertTrue(Math.abs(fgIn - fgOut) < 0.25 * fgIn, fgIn + " vs " + fgOut);
    }

    @Test
    void rot90SkipsNonSquareSamples() {
        Sample s = TransformProperties.randomSample(1, 1, 8, 12, 2);
        for (int seed = 0; seed < 10; seed++) {
            Sample out = Augment.none().withRot90(true).apply(s, seed);
            assertEquals(8, out.h());
            assertEquals(12, out.w());
        }
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Augment.defaults().withAffine(2, 10, 0.9, 1.1));
        assertThrows(IllegalArgumentException.class, () -> Augment.defaults().withElastic(0.5, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> Augment.defaults().withIntensity(1.5, 0, 0));
    }
}
