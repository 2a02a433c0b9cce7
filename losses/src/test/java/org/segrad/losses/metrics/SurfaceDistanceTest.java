package org.segrad.losses.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Surface distances with spacing: the distance transform agrees with brute force, and 2-D agrees with Hausdorff. */
class SurfaceDistanceTest {
    private static int[] blobs(SplittableRandom r, int nx, int ny, int nz, int classes) {
        int[] m = new int[nx * ny * nz];
        for (int blob = 0; blob < 3; blob++) {
            int cx = r.nextInt(nx), cy = r.nextInt(ny), cz = r.nextInt(nz), rad = 1 + r.nextInt(4), cls = 1 + r.nextInt(classes - 1);
            for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) {
                int dx = x - cx, dy = y - cy, dz = z - cz;
                if (dx * dx + dy * dy + dz * dz <= rad * rad) m[x + nx * (y + ny * z)] = cls;
            }
        }
        return m;
    }

    /** The definition, evaluated pair by pair. */
    private static SurfaceDistance.Distances bruteForce(int[] p, int[] t, int nx, int ny, int nz, double[] s, int cls) {
        boolean[] a = SurfaceDistance.boundary(p, nx, ny, nz, cls), b = SurfaceDistance.boundary(t, nx, ny, nz, cls);
        double[] ab = directed(a, b, nx, ny, s), ba = directed(b, a, nx, ny, s);
        if (ab.length == 0 && ba.length == 0) return new SurfaceDistance.Distances(Double.NaN, Double.NaN);
        if (ab.length == 0 || ba.length == 0) return new SurfaceDistance.Distances(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        double sum = 0;
        for (double d : ab) sum += d;
        for (double d : ba) sum += d;
        return new SurfaceDistance.Distances(Math.max(Hausdorff.percentile(ab, 95), Hausdorff.percentile(ba, 95)),
                sum / (ab.length + ba.length));
    }

    private static double[] directed(boolean[] from, boolean[] to, int nx, int ny, double[] s) {
        java.util.List<Double> out = new java.util.ArrayList<>();
        for (int i = 0; i < from.length; i++) {
            if (!from[i]) continue;
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < to.length; j++) {
                if (!to[j]) continue;
                double dx = (i % nx - j % nx) * s[0], dy = ((i / nx) % ny - (j / nx) % ny) * s[1], dz = (i / (nx * ny) - j / (nx * ny)) * s[2];
                best = Math.min(best, dx * dx + dy * dy + dz * dz);
            }
            out.add(Math.sqrt(best));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void anisotropicVolumesAgreeWithBruteForce() {
        SplittableRandom r = new SplittableRandom(42);
        int checked = 0;
        for (int trial = 0; trial < 40; trial++) {
            int nx = 3 + r.nextInt(10), ny = 3 + r.nextInt(10), nz = 1 + r.nextInt(8);
            double[] s = {0.5 + r.nextDouble() * 2, 0.5 + r.nextDouble() * 2, 0.5 + r.nextDouble() * 4};
            int[] p = blobs(r, nx, ny, nz, 3), t = blobs(r, nx, ny, nz, 3);
            for (int cls = 0; cls < 3; cls++) {
                SurfaceDistance.Distances got = SurfaceDistance.of(p, t, nx, ny, nz, s, cls);
                SurfaceDistance.Distances want = bruteForce(p, t, nx, ny, nz, s, cls);
                assertEquals(want.hd95(), got.hd95(), 1e-9, "trial " + trial + " class " + cls);
                assertEquals(want.msd(), got.msd(), 1e-9, "trial " + trial + " class " + cls);
                if (Double.isFinite(want.hd95())) checked++;
            }
        }
        assertTrue(checked > 40, "finite cases checked: " + checked);
    }

    @Test
    void unitSpacingIn2dIsHausdorffInPixels() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 20; trial++) {
            int h = 5 + r.nextInt(20), w = 5 + r.nextInt(20);
            int[] p = blobs(r, w, h, 1, 2), t = blobs(r, w, h, 1, 2);
            assertEquals(Hausdorff.hd95(p, t, h, w, 1), SurfaceDistance.of(p, t, w, h, 1, new double[] {1, 1, 1}, 1).hd95(), 1e-12);
        }
    }

    @Test
    void spacingScalesDistances() {
        // two single-voxel objects 3 voxels apart along z with 2.5 mm slices: 7.5 mm
        int[] p = new int[4 * 4 * 5], t = new int[4 * 4 * 5];
        p[1 + 4 * (1 + 4 * 0)] = 1;
        t[1 + 4 * (1 + 4 * 3)] = 1;
        SurfaceDistance.Distances d = SurfaceDistance.of(p, t, 4, 4, 5, new double[] {0.7, 0.9, 2.5}, 1);
        assertEquals(7.5, d.hd95(), 1e-12);
        assertEquals(7.5, d.msd(), 1e-12);
    }
}
