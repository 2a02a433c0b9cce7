package org.segrad.data;

/**
 * Seeded data augmentation applied to image and mask together. Immutable: configure with the {@code with…}
 * methods, then call {@link #apply(Sample, long)}, whose result depends only on the sample and the seed (derive it as
 * {@code Rng.mix(seed, epoch, index)} and a resumed run reproduces it without saved state).
 *
 * <p>Steps, each switchable and each drawn from its own sub-seed (switching one off leaves the others' draws as they
 * were), in this order:
 * <ol>
 *   <li><b>flips</b>: horizontal and vertical, each with probability 1/2;</li>
 *   <li><b>rot90</b>: k·90° with k uniform in 0..3 — square samples only, so that the size never changes;</li>
 *   <li><b>affine</b> (probability {@code affineP}): rotation uniform in ±maxDegrees and isotropic scale uniform in
 *       [minScale, maxScale] about the centre;</li>
 *   <li><b>elastic</b> (probability {@code elasticP}): a random displacement field, uniform noise smoothed by a
 *       Gaussian of σ = elasticSigma px and scaled so that its largest displacement is elasticAlpha px;</li>
 *   <li><b>intensity</b>: v ← gain·clamp(v, 0, 1)^γ + bias, clamped to [0, 1], with gain uniform in 1 ± gainRange,
 *       bias uniform in ±biasRange, ln γ uniform in ±gammaRange (expects [0, 1] intensities).</li>
 * </ol>
 * Affine and elastic are composed into one resampling: bilinear for the image, nearest neighbour for the mask (so mask
 * values are always values of the input mask), reflect at the border. Flips and rot90 are exact permutations.
 */
public final class Augment {
    private final boolean flips;
    private final boolean rot90;
    private final boolean affine;
    private final boolean elastic;
    private final boolean intensity;
    private final double affineP;
    private final double maxDegrees;
    private final double minScale;
    private final double maxScale;
    private final double elasticP;
    private final double elasticAlpha;
    private final double elasticSigma;
    private final double gainRange;
    private final double biasRange;
    private final double gammaRange;

    private Augment(boolean flips, boolean rot90, boolean affine, boolean elastic, boolean intensity, double affineP,
                    double maxDegrees, double minScale, double maxScale, double elasticP, double elasticAlpha,
                    double elasticSigma, double gainRange, double biasRange, double gammaRange) {
        this.flips = flips;
        this.rot90 = rot90;
        this.affine = affine;
        this.elastic = elastic;
        this.intensity = intensity;
        this.affineP = affineP;
        this.maxDegrees = maxDegrees;
        this.minScale = minScale;
        this.maxScale = maxScale;
        this.elasticP = elasticP;
        this.elasticAlpha = elasticAlpha;
        this.elasticSigma = elasticSigma;
        this.gainRange = gainRange;
        this.biasRange = biasRange;
        this.gammaRange = gammaRange;
    }

    /**
     * Everything on: flips, rot90, affine (p 0.5, ±15°, scale 0.9–1.1), elastic (p 0.5, α 4 px, σ 6 px), intensity
     * (gain ±10 %, bias ±0.05, ln γ ±0.2).
     */
    public static Augment defaults() {
        return new Augment(true, true, true, true, true, 0.5, 15, 0.9, 1.1, 0.5, 4, 6, 0.1, 0.05, 0.2);
    }

    /** Everything off: {@link #apply} returns the sample unchanged. */
    public static Augment none() {
        return defaults().withFlips(false).withRot90(false).withAffine(false).withElastic(false).withIntensity(false);
    }

    /** Switches flips. */
    public Augment withFlips(boolean on) {
        return new Augment(on, rot90, affine, elastic, intensity, affineP, maxDegrees, minScale, maxScale, elasticP,
                elasticAlpha, elasticSigma, gainRange, biasRange, gammaRange);
    }

    /** Switches 90° rotations. */
    public Augment withRot90(boolean on) {
        return new Augment(flips, on, affine, elastic, intensity, affineP, maxDegrees, minScale, maxScale, elasticP,
                elasticAlpha, elasticSigma, gainRange, biasRange, gammaRange);
    }

    /** Switches the small affine transform. */
    public Augment withAffine(boolean on) {
        return new Augment(flips, rot90, on, elastic, intensity, affineP, maxDegrees, minScale, maxScale, elasticP,
                elasticAlpha, elasticSigma, gainRange, biasRange, gammaRange);
    }

    /** Switches elastic deformation. */
    public Augment withElastic(boolean on) {
        return new Augment(flips, rot90, affine, on, intensity, affineP, maxDegrees, minScale, maxScale, elasticP,
                elasticAlpha, elasticSigma, gainRange, biasRange, gammaRange);
    }

    /** Switches intensity jitter. */
    public Augment withIntensity(boolean on) {
        return new Augment(flips, rot90, affine, elastic, on, affineP, maxDegrees, minScale, maxScale, elasticP,
                elasticAlpha, elasticSigma, gainRange, biasRange, gammaRange);
    }

    /** Affine parameters: probability, largest rotation in degrees, scale range. */
    public Augment withAffine(double p, double degrees, double scaleMin, double scaleMax) {
        if (!(p >= 0 && p <= 1) || !(degrees >= 0) || !(scaleMin > 0 && scaleMin <= scaleMax)) {
            throw new IllegalArgumentException("affine p = " + p + ", degrees = " + degrees + ", scale = [" + scaleMin
                    + ", " + scaleMax + "]: need p in [0,1], degrees >= 0, 0 < min <= max");
        }
        return new Augment(flips, rot90, true, elastic, intensity, p, degrees, scaleMin, scaleMax, elasticP,
                elasticAlpha, elasticSigma, gainRange, biasRange, gammaRange);
    }

    /** Elastic parameters: probability, largest displacement α (px), smoothness σ (px). */
    public Augment withElastic(double p, double alpha, double sigma) {
        if (!(p >= 0 && p <= 1) || !(alpha >= 0) || !(sigma > 0)) {
            throw new IllegalArgumentException("elastic p = " + p + ", alpha = " + alpha + ", sigma = " + sigma
                    + ": need p in [0,1], alpha >= 0, sigma > 0");
        }
        return new Augment(flips, rot90, affine, true, intensity, affineP, maxDegrees, minScale, maxScale, p, alpha,
                sigma, gainRange, biasRange, gammaRange);
    }

    /** Intensity parameters: gain ± range, bias ± range, ln γ ± range. */
    public Augment withIntensity(double gain, double bias, double gamma) {
        if (!(gain >= 0 && gain < 1) || !(bias >= 0) || !(gamma >= 0)) {
            throw new IllegalArgumentException("intensity gain = " + gain + ", bias = " + bias + ", gamma = " + gamma
                    + ": need gain in [0,1), bias >= 0, gamma >= 0");
        }
        return new Augment(flips, rot90, affine, elastic, true, affineP, maxDegrees, minScale, maxScale, elasticP,
                elasticAlpha, elasticSigma, gain, bias, gamma);
    }

    /** The augmented sample: same size, name and channels; mask values are values of the input mask. */
    public Sample apply(Sample s, long seed) {
        Sample out = s;
        if (flips) {
            Rng r = new Rng(Rng.mix(seed, 1));
            if (r.chance(0.5)) {
                out = Transforms.flipHorizontal(out);
            }
            if (r.chance(0.5)) {
                out = Transforms.flipVertical(out);
            }
        }
        if (rot90 && out.h() == out.w()) {
            out = Transforms.rot90(out, new Rng(Rng.mix(seed, 2)).nextInt(4));
        }
        boolean doAffine = affine && new Rng(Rng.mix(seed, 3)).chance(affineP);
        boolean doElastic = elastic && elasticAlpha > 0 && new Rng(Rng.mix(seed, 4)).chance(elasticP);
        if (doAffine || doElastic) {
            int h = out.h();
            int w = out.w();
            float[] sx = new float[h * w];
            float[] sy = new float[h * w];
            double cos = 1;
            double sin = 0;
            double inv = 1;
            if (doAffine) {
                Rng r = new Rng(Rng.mix(seed, 5));
                double angle = Math.toRadians(r.uniform(-maxDegrees, maxDegrees));
                inv = 1 / r.uniform(minScale, maxScale);
                cos = Math.cos(angle);
                sin = Math.sin(angle);
            }
            double cy = (h - 1) / 2.0;
            double cx = (w - 1) / 2.0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double u = x - cx;
                    double v = y - cy;
                    sx[y * w + x] = (float) (cx + inv * (cos * u + sin * v));
                    sy[y * w + x] = (float) (cy + inv * (-sin * u + cos * v));
                }
            }
            if (doElastic) {
                addElasticField(sx, sy, h, w, new Rng(Rng.mix(seed, 6)));
            }
            out = Transforms.resample(out, sx, sy);
        }
        if (intensity) {
            Rng r = new Rng(Rng.mix(seed, 7));
            double gain = 1 + r.uniform(-gainRange, gainRange);
            double bias = r.uniform(-biasRange, biasRange);
            double gamma = Math.exp(r.uniform(-gammaRange, gammaRange));
            float[] img = new float[out.image().length];
            for (int i = 0; i < img.length; i++) {
                double v = Math.min(1.0, Math.max(0.0, out.image()[i])); // NaN → 0 via max
                double t = gain * Math.pow(v, gamma) + bias;
                img[i] = (float) Math.min(1.0, Math.max(0.0, t));
            }
            out = new Sample(img, out.channels(), out.h(), out.w(), out.mask(), out.name());
        }
        return out;
    }

    private void addElasticField(float[] sx, float[] sy, int h, int w, Rng r) {
        float[] dx = new float[h * w];
        float[] dy = new float[h * w];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = (float) r.uniform(-1, 1);
            dy[i] = (float) r.uniform(-1, 1);
        }
        Filters.gaussianBlur(dx, h, w, elasticSigma);
        Filters.gaussianBlur(dy, h, w, elasticSigma);
        double max = 1e-12;
        for (int i = 0; i < dx.length; i++) {
            max = Math.max(max, Math.hypot(dx[i], dy[i]));
        }
        float k = (float) (elasticAlpha / max);
        for (int i = 0; i < dx.length; i++) {
            sx[i] += k * dx[i];
            sy[i] += k * dy[i];
        }
    }

    @Override
    public String toString() {
        return "Augment[flips=" + flips + ", rot90=" + rot90 + ", affine=" + affine + " (p " + affineP + ", ±"
                + maxDegrees + "°, scale " + minScale + "–" + maxScale + "), elastic=" + elastic + " (p " + elasticP
                + ", α " + elasticAlpha + ", σ " + elasticSigma + "), intensity=" + intensity + " (gain ±" + gainRange
                + ", bias ±" + biasRange + ", ln γ ±" + gammaRange + ")]";
    }
}
