package org.segrad.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The --normalize modes: their formulas on small images, and the laws that make 12-bit data train like 8-bit. */
class NormalizationTest {

    private static Sample image(float... v) {
        return Sample.gray(v, 1, v.length, null, "t");
    }

    private static Sample random(long seed, int n, double scale, double offset) {
        Rng r = new Rng(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (offset + scale * r.uniform(0, 1));
        return image(v);
    }

    @Test
    void formulasOnASmallImage() {
        Sample s = image(0, 10, 20, 30, 40);
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1}, Normalization.parse("minmax").apply(s).image(), 1e-6f);
        assertArrayEquals(new float[] {0, 0, 0.5f, 1, 1}, Normalization.parse("window:10,30").apply(s).image(), 1e-6f);
        // zscore: mean 20, population sd sqrt(200).
        float z = (float) (10 / Math.sqrt(200));
        assertArrayEquals(new float[] {-2 * z, -z, 0, z, 2 * z}, Normalization.parse("zscore").apply(s).image(), 1e-6f);
        // percentile 25/75 with numpy's linear interpolation: P25 = 10, P75 = 30.
        assertArrayEquals(new float[] {0, 0, 0.5f, 1, 1}, Normalization.parse("percentile:25,75").apply(s).image(), 1e-6f);
        assertArrayEquals(s.image(), Normalization.none().apply(s).image());
        // A constant image becomes 0 (no division by zero), NaN becomes 0.
        assertArrayEquals(new float[] {0, 0}, Normalization.parse("minmax").apply(image(3, 3)).image());
        assertArrayEquals(new float[] {0, 0, 1}, Normalization.parse("minmax").apply(image(1, Float.NaN, 2)).image());
    }

    @Test
    void percentileMatchesNumpyLinear() {
        float[] sorted = {1, 2, 3, 4, 10};
        assertEquals(1.02, Normalization.quantile(sorted, 0.005), 1e-9); // numpy.percentile([1,2,3,4,10], 0.5)
        assertEquals(9.88, Normalization.quantile(sorted, 0.995), 1e-9);
        assertEquals(3.0, Normalization.quantile(sorted, 0.5), 1e-9);
    }

    @Test
    void zscoreDatasetUsesTrainingStatisticsPerChannel() {
        Sample a = new Sample(new float[] {0, 2, 10, 10}, 2, 1, 2, null, "a");
        Sample b = new Sample(new float[] {4, 6, 30, 30}, 2, 1, 2, null, "b");
        Normalization n = Normalization.parse("zscore:dataset");
        assertTrue(n.needsFit());
        assertThrows(IllegalStateException.class, () -> n.apply(a));
        Normalization fitted = n.fit(new InMemoryDataset("t", 2, List.of(a, b)));
        assertArrayEquals(new double[] {3, 20}, fitted.mean(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(5), 10}, fitted.std(), 1e-12);
        assertArrayEquals(new float[] {(float) (-3 / Math.sqrt(5)), (float) (-1 / Math.sqrt(5)), -1, -1}, fitted.apply(a).image(), 1e-6f);
    }

    @Test
    void specsRoundTripAndBadSpecsNameTheFlag() {
        for (String spec : new String[] {"none", "minmax", "percentile:0.5,99.5", "zscore", "zscore:dataset", "window:-160,240",
                "percentile:1,99", "window:0.25,0.75"}) {
            assertEquals(spec, Normalization.parse(spec).spec());
        }
        assertEquals("percentile:0.5,99.5", Normalization.parse("percentile").spec());
        for (String bad : new String[] {"z", "window", "window:5,1", "percentile:50,10", "minmax:1", "window:a,b", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Normalization.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--normalize"), e.getMessage());
        }
    }

    /** Per-image modes do not care about the file's bit depth: v and a·v + b (a > 0) normalise alike. */
    @Property(tries = 60)
    void perImageModesAreInvariantToPositiveAffineRescaling(@ForAll @IntRange(min = 2, max = 300) int n,
                                                            @ForAll @DoubleRange(min = 0.01, max = 5000) double a,
                                                            @ForAll @DoubleRange(min = -100, max = 100) double b,
                                                            @ForAll long seed) {
        Sample s = random(seed, n, 1, 0);
        float[] scaled = new float[n];
        for (int i = 0; i < n; i++) scaled[i] = (float) (a * s.image()[i] + b);
        for (String mode : new String[] {"minmax", "percentile", "zscore"}) {
            float[] x = Normalization.parse(mode).apply(s).image();
            float[] y = Normalization.parse(mode).apply(image(scaled)).image();
            for (int i = 0; i < n; i++) assertEquals(x[i], y[i], 2e-3, mode + " at " + i);
        }
    }

    /** percentile, minmax and window outputs lie in [0, 1]; zscore has mean 0 and sd 1 (or is all 0). */
    @Property(tries = 60)
    void rangesAndMoments(@ForAll @IntRange(min = 2, max = 300) int n, @ForAll long seed) {
        Sample s = random(seed, n, 4095, 0);
        for (String mode : new String[] {"minmax", "percentile", "window:100,3000"}) {
            for (float v : Normalization.parse(mode).apply(s).image()) assertTrue(v >= 0 && v <= 1, mode + " " + v);
        }
        float[] z = Normalization.parse("zscore").apply(s).image();
        double m = 0, q = 0;
        for (float v : z) m += v;
        m /= n;
        for (float v : z) q += (v - m) * (v - m);
        assertEquals(0, m, 1e-4);
        assertEquals(1, Math.sqrt(q / n), 1e-3);
    }
}
