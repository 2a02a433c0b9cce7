package org.segrad.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The float32 max-pool (whose rows run in vectors, {@link SimdMaxPool}) picks the same element and position as the
 * float64 reference for every window, with ties, ±0 and NaNs in it (two NaN payloads), bit for bit up to NaN payloads;
 * row widths cross the vector length.
 */
class MaxPoolParityProperties {
    private static final float[] VALUES = {-2f, -1f, -0f, 0f, 1f, 2f, Float.NaN, Float.intBitsToFloat(0x7fc00001),
            Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};

    @Property(tries = 300)
    void float32MatchesTheFloat64Reference(@ForAll @IntRange(min = 1, max = 3) int planes,
                                           @ForAll @IntRange(min = 2, max = 80) int h, @ForAll @IntRange(min = 2, max = 80) int w,
                                           @ForAll @IntRange(min = 0, max = 3) int nanShare, @ForAll long seed) {
        Random r = new Random(seed);
        float[] x = new float[planes * h * w];
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            float v = r.nextInt(10) < nanShare ? VALUES[6 + r.nextInt(2)] : VALUES[r.nextInt(VALUES.length)];
            if (r.nextBoolean() && !Float.isNaN(v)) v = r.nextInt(5) - 2;   // many ties
            x[i] = v;
            xd[i] = v;
        }
        int oh = h / 2, ow = w / 2, n = planes * oh * ow;
        float[] y = new float[n];
        double[] yd = new double[n];
        byte[] arg = new byte[n], argd = new byte[n];
        ArrayKernels.FLOAT32.maxPool2x2(x, y, arg, 0, planes, h, w, oh, ow);
        ArrayKernels.FLOAT64.maxPool2x2(xd, yd, argd, 0, planes, h, w, oh, ow);
        for (int o = 0; o < n; o++) {
            assertEquals(argd[o], arg[o], "position of window " + o);
            // floatToIntBits: one NaN for all payloads (the vector path may canonicalise them; a NaN stays a NaN).
            assertEquals(Float.floatToIntBits((float) yd[o]), Float.floatToIntBits(y[o]), "value of window " + o);
        }
    }
}
