package org.segrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.segrad.io.NiftiGeometry;
import org.segrad.io.NiftiVolume;

/** Slice-by-slice prediction puts every slice back where it was cut from, on every axis. */
class VolumePredictorTest {
    static NiftiVolume volume() {
        int nx = 5, ny = 6, nz = 7;
        float[] d = new float[nx * ny * nz];
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < d.length; i++) d[i] = 100 + 400 * (r.nextBoolean() ? (r.nextBoolean() ? 0.8f : 1f) : (r.nextBoolean() ? 0.2f : 0f));
        d[0] = 100;
        d[1] = 500; // min and max present: scaling maps the levels to 0, 0.2, 0.8, 1
        NiftiGeometry g = new NiftiGeometry(new float[] {-1, 0.9f, 1.1f, 2.5f, 0, 0, 0, 0}, 1, 2, new float[] {0.1f, -0.2f, 0.05f},
                new float[] {-90.5f, 120.25f, -70f}, new float[] {-0.88f, 0.1f, 0.2f, 90.5f},
                new float[] {0.05f, 1.07f, -0.4f, -120.25f}, new float[] {0.01f, 0.2f, 2.45f, -70f}, 10);
        return new NiftiVolume(nx, ny, nz, d, g.voxelSizes(), "t1.nii.gz", g);
    }

    @Test
    void labelsLandOnTheVoxelsTheyWereCutFromOnEveryAxis() {
        NiftiVolume v = volume();
        float[] expected = new float[v.data().length];
        for (int i = 0; i < expected.length; i++) expected[i] = v.data()[i] > 300 ? 1 : 0;
        Inference inf = new Inference(ThresholdUNet.make());
        for (int axis = 0; axis < 3; axis++) {
            VolumePredictor.Result r = VolumePredictor.predict(inf, v, axis);
            assertArrayEquals(expected, r.labels().data(), "axis " + axis);
            assertSame(v.geometry(), r.labels().geometry());
            assertEquals(v.nx(), r.labels().nx());
            assertEquals(v.nz(), r.labels().nz());
            int n = expected.length;
            for (int i = 0; i < n; i++) {
                float p1 = r.probabilities()[n + i];
                assertEquals(1, r.probabilities()[i] + p1, 1e-6);
                assertTrue(expected[i] == 1 ? p1 > 0.95 : p1 < 0.05, "voxel " + i + " p1 = " + p1);
            }
        }
    }
}
