package org.segrad.data;

/** Small image filters shared by the generator and the augmentation: separable Gaussian blur, reflect indexing. */
final class Filters {
    private Filters() {
    }

    /**
     * Reflect index {@code i} into 0..n−1 without repeating the edge (NumPy "reflect": −1 → 1, n → n−2), for any
     * distance from the border. n = 1 maps everything to 0.
     */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /** A normalised 1-D Gaussian kernel of radius ⌈3σ⌉. */
    static float[] gaussianKernel(double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            double v = Math.exp(-0.5 * i * i / (sigma * sigma));
            k[i + r] = (float) v;
            sum += v;
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        return k;
    }

    /** Gaussian blur of one h×w plane in place (reflect border); σ ≤ 0 leaves it unchanged. */
    static void gaussianBlur(float[] a, int h, int w, double sigma) {
        if (sigma <= 0) {
            return;
        }
        float[] k = gaussianKernel(sigma);
        int r = k.length / 2;
        float[] tmp = new float[h * w];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int j = -r; j <= r; j++) {
                    s += k[j + r] * a[row + reflect(x + j, w)];
                }
                tmp[row + x] = s;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int j = -r; j <= r; j++) {
                    s += k[j + r] * tmp[reflect(y + j, h) * w + x];
                }
                a[y * w + x] = s;
            }
        }
    }
}
