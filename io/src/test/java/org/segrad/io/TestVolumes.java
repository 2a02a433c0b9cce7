package org.segrad.io;

/** Small volumes with known voxel values, for the tests of this module and of the modules that slice volumes. */
public final class TestVolumes {
    private TestVolumes() {}

    /** A 2 × 3 × 4 volume (x, y, z) with value x + 10y + 100z and unit voxels, named "v". */
    public static NiftiVolume ramp234() {
        float[] d = new float[24];
        for (int z = 0; z < 4; z++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 2; x++) {
                    d[x + 2 * (y + 3 * z)] = x + 10 * y + 100 * z;
                }
            }
        }
        return new NiftiVolume(2, 3, 4, d, new float[] {1, 1, 1}, "v");
    }
}
