package org.segrad.cli;

import java.util.Locale;
import org.segrad.io.NdArray;

/** Finds NaN and ±∞ in float arrays read from or written to files, for one-line error messages. */
final class NonFinite {
    private NonFinite() {}

    /** A float32/float64 array's non-finite count and first flat index (count 0: all finite). */
    record Scan(long count, long first, double firstValue) {
        boolean clean() {
            return count == 0;
        }

        /** "3 non-finite values (the first, at flat index 7, is NaN)". */
        String describe() {
            return String.format(Locale.ROOT, "%d non-finite value%s (the first, at flat index %d, is %s)", count, count == 1 ? "" : "s",
                    first, firstValue);
        }
    }

    static Scan scan(NdArray a) {
        long count = 0, first = -1;
        double firstValue = 0;
        if (a.type() == NdArray.Type.F32) {
            float[] v = a.floats();
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i]) && count++ == 0) {
                    first = i;
                    firstValue = v[i];
                }
            }
        } else if (a.type() == NdArray.Type.F64) {
            double[] v = a.doubles();
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i]) && count++ == 0) {
                    first = i;
                    firstValue = v[i];
                }
            }
        }
        return new Scan(count, first, firstValue);
    }
}
