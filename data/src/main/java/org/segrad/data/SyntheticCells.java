package org.segrad.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A seeded generator of synthetic fluorescence-microscopy cell images with exact masks — the built-in dataset that
 * needs no files.
 *
 * <p>Each image is drawn from its own generator seeded by {@code Rng.mix(seed, index)}, so image i does not depend on
 * how many images are generated, and the same seed gives bit-identical arrays on every JDK. The model of one image:
 * <ol>
 *   <li><b>Cells</b>: 6–14 large cells per 128² (semi-axes 6–14 px, aspect 0.6–1, random orientation, boundary
 *       radius perturbed by harmonics 2–4 of up to 8 % each); 45 % of them are placed touching or overlapping an
 *       earlier cell (centre distance 0.75–1.05 × the sum of mean radii). 3–8 small objects (semi-axes 1.5–3.5 px)
 *       make the foreground a clear minority class (typically 10–25 % of the pixels).</li>
 *   <li><b>Masks</b>: a later cell lies on top of an earlier one (occlusion order); the mask is exact, computed on the
 *       same pixel grid as the image. {@link Labels#BINARY}: 0 background, 1 cell. {@link Labels#THREE_CLASS}:
 *       0 background, 1 cell interior, 2 boundary = a cell pixel with a 4-neighbour (inside the image) that is
 *       background or another cell.</li>
 *   <li><b>Intensity</b>: background 0.04–0.10 plus each cell's brightness 0.35–0.9 with a soft centre; signals of
 *       overlapping cells add up, as fluorescence does.</li>
 *   <li><b>Optics and camera</b>: uneven illumination (vignette of 10–35 % and a linear gradient of ±25 %), Gaussian
 *       blur σ 0.7–1.5 px, Poisson-like shot noise (60–250 photons per unit intensity, normal approximation) and
 *       Gaussian read noise σ 0.005–0.02, then clipping to [0, 1].</li>
 * </ol>
 * Cost: about 1–2 ms per 128² image.
 *
 * @param count  number of images, ≥ 0
 * @param height image height, ≥ 8
 * @param width  image width, ≥ 8
 * @param seed   the seed
 * @param labels binary or three-class masks
 */
public record SyntheticCells(int count, int height, int width, long seed, Labels labels) {

    /** The label sets the generator can produce. */
    public enum Labels {
        /** 0 = background, 1 = cell. */
        BINARY(2),
        /** 0 = background, 1 = cell interior, 2 = cell boundary. */
        THREE_CLASS(3);

        private final int classes;

        Labels(int classes) {
            this.classes = classes;
        }

        /** Number of classes of this label set. */
        public int classes() {
            return classes;
        }
    }

    /** Checks the arguments. */
    public SyntheticCells {
        if (count < 0) {
            throw new IllegalArgumentException("count = " + count + " but must be >= 0");
        }
        if (height < 8 || width < 8) {
            throw new IllegalArgumentException("size = " + height + "x" + width + " but each side must be >= 8");
        }
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
    }

    /** 64 binary images of 128×128, seed 1. */
    public static SyntheticCells defaults() {
        return new SyntheticCells(64, 128, 128, 1L, Labels.BINARY);
    }

    /** The same configuration with {@code n} images. */
    public SyntheticCells withCount(int n) {
        return new SyntheticCells(n, height, width, seed, labels);
    }

    /** The same configuration with images of {@code h × w}. */
    public SyntheticCells withSize(int h, int w) {
        return new SyntheticCells(count, h, w, seed, labels);
    }

    /** The same configuration with another seed. */
    public SyntheticCells withSeed(long s) {
        return new SyntheticCells(count, height, width, s, labels);
    }

    /** The same configuration with another label set. */
    public SyntheticCells withLabels(Labels l) {
        return new SyntheticCells(count, height, width, seed, l);
    }

    /** All {@code count} images, named {@code cells-0000}, {@code cells-0001}, … */
    public Dataset generate() {
        List<Sample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(sample(i));
        }
        return new InMemoryDataset("synthetic-cells(" + labels.name().toLowerCase() + ", seed " + seed + ")",
                labels.classes(), out);
    }

    /** Image {@code index} alone (any index ≥ 0, also beyond {@code count}). */
    public Sample sample(int index) {
        Rng rng = new Rng(Rng.mix(seed, index));
        int h = height;
        int w = width;
        int[] inst = new int[h * w];
        float[] signal = new float[h * w];
        double areaScale = (double) h * w / (128.0 * 128.0);
        int nBig = Math.max(1, (int) Math.round(areaScale * rng.uniform(6, 14)));
        int nSmall = (int) Math.round(areaScale * rng.uniform(3, 8));
        List<double[]> placed = new ArrayList<>(); // {cx, cy, meanRadius}
        int id = 0;
        for (int c = 0; c < nBig + nSmall; c++) {
            boolean small = c >= nBig;
            double a = small ? rng.uniform(1.5, 3.5) : rng.uniform(6, 14);
            double b = a * (small ? rng.uniform(0.7, 1.0) : rng.uniform(0.6, 1.0));
            double r = 0.5 * (a + b);
            double cx;
            double cy;
            if (!small && !placed.isEmpty() && rng.chance(0.45)) {
                double[] other = placed.get(rng.nextInt(placed.size()));
                double phi = rng.uniform(0, 2 * Math.PI);
                double d = (other[2] + r) * rng.uniform(0.75, 1.05);
                cx = other[0] + d * Math.cos(phi);
                cy = other[1] + d * Math.sin(phi);
            } else {
                cx = rng.uniform(0, w);
                cy = rng.uniform(0, h);
            }
            placed.add(new double[] {cx, cy, r});
            id++;
            drawCell(rng, inst, signal, h, w, id, cx, cy, a, b, small);
        }
        float[] image = render(rng, signal, h, w);
        int[] mask = labels == Labels.BINARY ? binary(inst) : threeClass(inst, h, w);
        return Sample.gray(image, h, w, mask, String.format("cells-%04d", index));
    }

    private static void drawCell(Rng rng, int[] inst, float[] signal, int h, int w, int id, double cx, double cy,
                                 double a, double b, boolean small) {
        double theta = rng.uniform(0, Math.PI);
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double[] amp = new double[3];
        double[] phase = new double[3];
        for (int k = 0; k < 3; k++) {
            amp[k] = small ? 0 : rng.uniform(0, 0.08);
            phase[k] = rng.uniform(0, 2 * Math.PI);
        }
        float brightness = (float) rng.uniform(0.35, 0.9);
        double reach = Math.max(a, b) * 1.3 + 1;
        int x0 = Math.max(0, (int) Math.floor(cx - reach));
        int x1 = Math.min(w - 1, (int) Math.ceil(cx + reach));
        int y0 = Math.max(0, (int) Math.floor(cy - reach));
        int y1 = Math.min(h - 1, (int) Math.ceil(cy + reach));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                double u = (dx * cos + dy * sin) / a;
                double v = (-dx * sin + dy * cos) / b;
                double rho2 = u * u + v * v;
                if (rho2 > 1.5 * 1.5) {
                    continue;
                }
                double ang = Math.atan2(v, u);
                double edge = 1 + amp[0] * Math.cos(2 * ang + phase[0]) + amp[1] * Math.cos(3 * ang + phase[1])
                        + amp[2] * Math.cos(4 * ang + phase[2]);
                double t = rho2 / (edge * edge);
                if (t < 1) {
                    int p = y * w + x;
                    inst[p] = id;
                    signal[p] += brightness * (float) (0.75 + 0.25 * (1 - t));
                }
            }
        }
    }

    private static float[] render(Rng rng, float[] signal, int h, int w) {
        double background = rng.uniform(0.04, 0.10);
        double vignette = rng.uniform(0.10, 0.35);
        double gx = rng.uniform(-0.25, 0.25);
        double gy = rng.uniform(-0.25, 0.25);
        double icx = rng.uniform(0.3, 0.7) * w;
        double icy = rng.uniform(0.3, 0.7) * h;
        double rmax2 = 0.25 * ((double) h * h + (double) w * w);
        float[] img = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double r2 = (x - icx) * (x - icx) + (y - icy) * (y - icy);
                double gain = 1 - vignette * r2 / rmax2 + gx * ((double) x / w - 0.5) + gy * ((double) y / h - 0.5);
                int p = y * w + x;
                img[p] = (float) (Math.max(0.05, gain) * (background + signal[p]));
            }
        }
        Filters.gaussianBlur(img, h, w, rng.uniform(0.7, 1.5));
        double photons = rng.uniform(60, 250);
        double readNoise = rng.uniform(0.005, 0.02);
        for (int p = 0; p < img.length; p++) {
            double lambda = photons * Math.max(0, img[p]);
            double shot = (lambda + Math.sqrt(lambda) * rng.gaussian()) / photons;
            double v = shot + readNoise * rng.gaussian();
            img[p] = (float) Math.min(1.0, Math.max(0.0, v));
        }
        return img;
    }

    private static int[] binary(int[] inst) {
        int[] m = new int[inst.length];
        for (int i = 0; i < inst.length; i++) {
            m[i] = inst[i] > 0 ? 1 : 0;
        }
        return m;
    }

    /** 0 background, 2 boundary (a 4-neighbour inside the image differs), 1 interior. */
    static int[] threeClass(int[] inst, int h, int w) {
        int[] m = new int[inst.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int id = inst[p];
                if (id == 0) {
                    continue;
                }
                boolean edge = (x > 0 && inst[p - 1] != id) || (x < w - 1 && inst[p + 1] != id)
                        || (y > 0 && inst[p - w] != id) || (y < h - 1 && inst[p + w] != id);
                m[p] = edge ? 2 : 1;
            }
        }
        return m;
    }
}
