package org.segrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {

    @Test
    void stacksInNchwOrder() {
        Sample a = new Sample(new float[] {1, 2, 3, 4}, 2, 1, 2, new int[] {0, 1}, "a");
        Sample b = new Sample(new float[] {5, 6, 7, 8}, 2, 1, 2, new int[] {1, 1}, "b");
        Batch x = Batch.of(List.of(a, b));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, x.images());
        assertArrayEquals(new int[] {0, 1, 1, 1}, x.labels());
        assertEquals(List.of("a", "b"), x.names());
        assertEquals(2, x.n());
        Sample u = Sample.gray(new float[2], 1, 2, null, "u");
        assertNull(Batch.of(List.of(u)).labels());
    }

    @Test
    void mismatchedSizesNameTheSample() {
        Sample a = Sample.gray(new float[4], 2, 2, new int[4], "a");
        Sample b = Sample.gray(new float[6], 2, 3, new int[6], "b");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Batch.of(List.of(a, b)));
        assertTrue(e.getMessage().contains("sample b is 1×2×3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Batch.of(List.of()));
    }

    @Test
    void standardizeGivesZeroMeanUnitSd() {
        Sample s = SyntheticCells.defaults().withSize(32, 32).sample(0);
        float[] z = Normalize.standardize(s).image();
        double mean = 0;
        for (float v : z) {
            mean += v;
        }
        mean /= z.length;
        double var = 0;
        for (float v : z) {
            var += (v - mean) * (v - mean);
        }
        assertEquals(0, mean, 1e-5);
        assertEquals(1, var / z.length, 1e-3);
        float[] constant = new float[9];
        Arrays.fill(constant, 0.3f);
        assertArrayEquals(new float[9], Normalize.standardize(Sample.gray(constant, 3, 3, null, "c")).image());
    }
}
