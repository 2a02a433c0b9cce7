package org.segrad.data;

/** Optional intensity normalisation beyond the file-format scaling to [0, 1] (SPEC §5: only when asked). */
public final class Normalize {
    private Normalize() {
    }

    /**
     * The optional further normalisation (SPEC §5, {@code --normalize}): each image and channel shifted and scaled
     * to mean 0 and standard deviation 1 (a constant channel becomes 0). Masks are shared, not copied.
     */
    public static Sample standardize(Sample s) {
        int plane = s.h() * s.w();
        float[] out = new float[s.image().length];
        for (int c = 0; c < s.channels(); c++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < plane; i++) {
                double v = s.image()[c * plane + i];
                sum += v;
                sq += v * v;
            }
            double mean = sum / plane;
            double sd = Math.sqrt(Math.max(0, sq / plane - mean * mean));
            double inv = sd > 1e-12 ? 1 / sd : 0;
            for (int i = 0; i < plane; i++) {
                out[c * plane + i] = (float) ((s.image()[c * plane + i] - mean) * inv);
            }
        }
        return new Sample(out, s.channels(), s.h(), s.w(), s.mask(), s.name());
    }
}
