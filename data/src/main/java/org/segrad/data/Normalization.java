package org.segrad.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Intensity normalisation ({@code --normalize}), applied to every image before it enters the network and recorded in
 * the model file so that predict and eval apply the same. Per channel c of one image with values v:
 * <ul>
 *   <li>{@code none}: the values as loaded (PNG/TIFF: stored value ÷ (2^bits − 1); NIfTI: min-max per volume);</li>
 *   <li>{@code minmax}: (v − min) / (max − min) per image (a constant image becomes 0);</li>
 *   <li>{@code percentile[:LO,HI]}: clamp((v − P_LO) / (P_HI − P_LO), 0, 1) with the per-image percentiles P (linear
 *       interpolation between order statistics, as numpy's default); LO, HI default 0.5, 99.5 (MONAI's
 *       ScaleIntensityRangePercentiles with clip);</li>
 *   <li>{@code zscore}: (v − mean) / sd per image (nnU-Net's default for non-CT; sd = 0 gives 0);</li>
 *   <li>{@code zscore:dataset}: (v − mean_c) / sd_c with mean and sd of channel c over all training-split pixels
 *       ({@link #fit}), stored in the model;</li>
 *   <li>{@code window:LO,HI}: clamp((v − LO) / (HI − LO), 0, 1), a fixed window (CT: e.g. {@code window:-160,240} in
 *       HU).</li>
 * </ul>
 * Every mode but {@code none} starts from the values as stored in the file ({@link #raw()}): the integers of a PNG/TIFF,
 * the voxel values of a NIfTI (after scl_slope/inter), so a window is in the file's units. Non-finite values become 0.
 *
 * @param mode   the mode
 * @param lo     LO of percentile or window (unused otherwise)
 * @param hi     HI of percentile or window
 * @param mean   per-channel means of {@code zscore:dataset} once fitted, else empty
 * @param std    per-channel standard deviations of {@code zscore:dataset} once fitted, else empty
 */
public record Normalization(Mode mode, double lo, double hi, double[] mean, double[] std) {
    /** The modes. */
    public enum Mode { NONE, MINMAX, PERCENTILE, ZSCORE, ZSCORE_DATASET, WINDOW }

    /** The choices {@link #parse} accepts, for messages. */
    public static final String CHOICES = "none, minmax, percentile[:LO,HI], zscore, zscore:dataset or window:LO,HI";

    /** Checks the parameters. */
    public Normalization {
        mean = mean == null ? new double[0] : mean.clone();
        std = std == null ? new double[0] : std.clone();
        if (mode == Mode.PERCENTILE && !(lo >= 0 && lo < hi && hi <= 100)) {
            throw new IllegalArgumentException("--normalize percentile:" + lo + "," + hi + " needs 0 <= LO < HI <= 100");
        }
        if (mode == Mode.WINDOW && !(lo < hi && Double.isFinite(lo) && Double.isFinite(hi))) {
            throw new IllegalArgumentException("--normalize window:" + lo + "," + hi + " needs finite LO < HI");
        }
        if (mean.length != std.length) {
            throw new IllegalArgumentException("normalisation statistics: " + mean.length + " means but " + std.length + " sds");
        }
    }

    /** {@code none}: the values as loaded. */
    public static Normalization none() {
        return new Normalization(Mode.NONE, 0, 0, null, null);
    }

    /** {@code percentile:0.5,99.5}, the CLI's default. */
    public static Normalization percentile() {
        return new Normalization(Mode.PERCENTILE, 0.5, 99.5, null, null);
    }

    /**
     * Parses {@code --normalize}: one of {@value #CHOICES}.
     *
     * @throws IllegalArgumentException naming the flag, the choices and the text
     */
    public static Normalization parse(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        String head = s.contains(":") ? s.substring(0, s.indexOf(':')) : s;
        String args = s.contains(":") ? s.substring(s.indexOf(':') + 1) : null;
        try {
            switch (head) {
                case "none":
                case "minmax":
                    if (args != null) break;
                    return new Normalization(head.equals("none") ? Mode.NONE : Mode.MINMAX, 0, 0, null, null);
                case "zscore":
                    if (args == null) return new Normalization(Mode.ZSCORE, 0, 0, null, null);
                    if (args.equals("dataset")) return new Normalization(Mode.ZSCORE_DATASET, 0, 0, null, null);
                    break;
                case "percentile":
                    if (args == null) return percentile();
                    // fall through
                case "window":
                    if (args == null) break;
                    String[] p = args.split(",");
                    if (p.length != 2) break;
                    return new Normalization(head.equals("window") ? Mode.WINDOW : Mode.PERCENTILE,
                            Double.parseDouble(p[0]), Double.parseDouble(p[1]), null, null);
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--normalize must be " + CHOICES + ", got '" + spec + "'");
    }

    /** The canonical text of this normalisation without statistics, e.g. {@code percentile:0.5,99.5}; parse reads it. */
    public String spec() {
        return switch (mode) {
            case NONE -> "none";
            case MINMAX -> "minmax";
            case ZSCORE -> "zscore";
            case ZSCORE_DATASET -> "zscore:dataset";
            case PERCENTILE -> "percentile:" + num(lo) + "," + num(hi);
            case WINDOW -> "window:" + num(lo) + "," + num(hi);
        };
    }

    /** Whether images must be loaded with their stored values (every mode but none). */
    public boolean raw() {
        return mode != Mode.NONE;
    }

    /** Whether {@link #fit} has to compute dataset statistics before {@link #apply} can run. */
    public boolean needsFit() {
        return mode == Mode.ZSCORE_DATASET && mean.length == 0;
    }

    /** This normalisation with the statistics of {@code zscore:dataset} taken from {@code train} (else itself). */
    public Normalization fit(Dataset train) {
        if (mode != Mode.ZSCORE_DATASET) {
            return this;
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException("--normalize zscore:dataset needs a non-empty training split");
        }
        int channels = train.get(0).channels();
        double[] sum = new double[channels];
        double[] sq = new double[channels];
        long[] n = new long[channels];
        for (int i = 0; i < train.size(); i++) {
            Sample s = train.get(i);
            int plane = s.h() * s.w();
            for (int c = 0; c < Math.min(channels, s.channels()); c++) {
                for (int k = 0; k < plane; k++) {
                    double v = s.image()[c * plane + k];
                    if (Double.isFinite(v)) {
                        sum[c] += v;
                        sq[c] += v * v;
                        n[c]++;
                    }
                }
            }
        }
        double[] m = new double[channels];
        double[] sd = new double[channels];
        for (int c = 0; c < channels; c++) {
            m[c] = n[c] == 0 ? 0 : sum[c] / n[c];
            sd[c] = n[c] == 0 ? 0 : Math.sqrt(Math.max(0, sq[c] / n[c] - m[c] * m[c]));
        }
        return new Normalization(mode, lo, hi, m, sd);
    }

    /** The normalised copy of one sample (the mask is shared). */
    public Sample apply(Sample s) {
        if (mode == Mode.NONE) {
            return s;
        }
        if (needsFit()) {
            throw new IllegalStateException("zscore:dataset has no statistics: call fit(train) first");
        }
        if (mode == Mode.ZSCORE_DATASET && mean.length != s.channels()) {
            throw new IllegalArgumentException("image " + s.name() + " has " + s.channels() + " channels but the "
                    + "zscore:dataset statistics are for " + mean.length);
        }
        int plane = s.h() * s.w();
        float[] out = new float[s.image().length];
        for (int c = 0; c < s.channels(); c++) {
            float[] v = Arrays.copyOfRange(s.image(), c * plane, (c + 1) * plane);
            double[] ab = affine(v, c); // out = (v − a) · b, then clamped for the [0, 1] modes
            boolean clamp = mode == Mode.PERCENTILE || mode == Mode.WINDOW;
            for (int i = 0; i < plane; i++) {
                double x = Float.isFinite(v[i]) ? (v[i] - ab[0]) * ab[1] : 0;
                out[c * plane + i] = (float) (clamp ? Math.min(1, Math.max(0, x)) : x);
            }
        }
        return new Sample(out, s.channels(), s.h(), s.w(), s.mask(), s.name());
    }

    /** Every sample of {@code d} through {@link #apply}. */
    public Dataset apply(Dataset d) {
        if (mode == Mode.NONE) {
            return d;
        }
        List<Sample> out = new ArrayList<>(d.size());
        for (int i = 0; i < d.size(); i++) {
            out.add(apply(d.get(i)));
        }
        return new InMemoryDataset(d.name(), d.classes(), out);
    }

    /** {a, b} with out = (v − a)·b for channel c of one image. */
    private double[] affine(float[] v, int c) {
        switch (mode) {
            case WINDOW:
                return new double[] {lo, 1 / (hi - lo)};
            case ZSCORE_DATASET:
                return new double[] {mean[c], std[c] > 1e-12 ? 1 / std[c] : 0};
            case ZSCORE: {
                double sum = 0;
                double sq = 0;
                int n = 0;
                for (float x : v) {
                    if (Float.isFinite(x)) {
                        sum += x;
                        sq += (double) x * x;
                        n++;
                    }
                }
                double m = n == 0 ? 0 : sum / n;
                double sd = n == 0 ? 0 : Math.sqrt(Math.max(0, sq / n - m * m));
                return new double[] {m, sd > 1e-12 ? 1 / sd : 0};
            }
            default: {
                float[] sorted = finiteSorted(v);
                if (sorted.length == 0) {
                    return new double[] {0, 0};
                }
                double a = mode == Mode.MINMAX ? sorted[0] : quantile(sorted, lo / 100);
                double b = mode == Mode.MINMAX ? sorted[sorted.length - 1] : quantile(sorted, hi / 100);
                return new double[] {a, b > a ? 1 / (b - a) : 0};
            }
        }
    }

    private static float[] finiteSorted(float[] v) {
        float[] f = new float[v.length];
        int n = 0;
        for (float x : v) {
            if (Float.isFinite(x)) {
                f[n++] = x;
            }
        }
        f = Arrays.copyOf(f, n);
        Arrays.sort(f);
        return f;
    }

    /** The q-quantile (q in [0, 1]) of sorted values, linear between order statistics (numpy's "linear"). */
    static double quantile(float[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * ((double) sorted[j] - sorted[i]);
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && n.mode == mode && Double.compare(n.lo, lo) == 0 && Double.compare(n.hi, hi) == 0
                && Arrays.equals(n.mean, mean) && Arrays.equals(n.std, std);
    }

    @Override
    public int hashCode() {
        return spec().hashCode();
    }

    @Override
    public String toString() {
        return spec() + (mean.length == 0 ? "" : " mean " + Arrays.toString(mean) + " sd " + Arrays.toString(std));
    }
}
