package org.segrad.io;

import java.util.Arrays;

/**
 * The header fields of a NIfTI-1 volume that place its voxels in space, kept as read so that a volume written with
 * them (a label map, probability maps) lines up with its source in any viewer.
 *
 * <p>Voxel (i, j, k) maps to world coordinates (NIfTI-1, method 2 and 3):
 * <pre>
 * qform (qform_code &gt; 0): [x y z]ᵀ = R·[pixdim1·i, pixdim2·j, qfac·pixdim3·k]ᵀ + [qoffset_x, qoffset_y, qoffset_z]ᵀ,
 *                          R from the unit quaternion (a, b, c, d), a = √(1 − b² − c² − d²), qfac = pixdim[0] (±1)
 * sform (sform_code &gt; 0): x = srow_x·[i j k 1]ᵀ, y = srow_y·[i j k 1]ᵀ, z = srow_z·[i j k 1]ᵀ
 * </pre>
 * Units: {@code xyzt_units & 7} is the spatial unit (1 metre, 2 millimetre, 3 micrometre, 0 unknown).
 *
 * @param pixdim    the header's pixdim[0..7] (pixdim[0] = qfac, pixdim[1..3] voxel sizes), length 8
 * @param qformCode qform_code
 * @param sformCode sform_code
 * @param quatern   quatern_b, quatern_c, quatern_d
 * @param qoffset   qoffset_x, qoffset_y, qoffset_z
 * @param srowX     srow_x[0..3]
 * @param srowY     srow_y[0..3]
 * @param srowZ     srow_z[0..3]
 * @param xyztUnits xyzt_units
 */
public record NiftiGeometry(float[] pixdim, int qformCode, int sformCode, float[] quatern, float[] qoffset,
                            float[] srowX, float[] srowY, float[] srowZ, int xyztUnits) {
    /** Spatial unit codes of xyzt_units. */
    public static final int UNITS_UNKNOWN = 0, UNITS_METER = 1, UNITS_MM = 2, UNITS_MICRON = 3;

    /** Checks the array lengths and copies the arrays. */
    public NiftiGeometry {
        check("pixdim", pixdim, 8);
        check("quatern", quatern, 3);
        check("qoffset", qoffset, 3);
        check("srow_x", srowX, 4);
        check("srow_y", srowY, 4);
        check("srow_z", srowZ, 4);
        pixdim = pixdim.clone();
        quatern = quatern.clone();
        qoffset = qoffset.clone();
        srowX = srowX.clone();
        srowY = srowY.clone();
        srowZ = srowZ.clone();
    }

    /**
     * A geometry with only voxel sizes (qfac 1, no qform or sform: "Analyze" orientation, millimetres), for volumes
     * that were not read from a file.
     */
    public static NiftiGeometry ofVoxelSizes(float sx, float sy, float sz) {
        return new NiftiGeometry(new float[] {1, sx, sy, sz, 0, 0, 0, 0}, 0, 0, new float[3], new float[3],
                new float[] {sx, 0, 0, 0}, new float[] {0, sy, 0, 0}, new float[] {0, 0, sz, 0}, UNITS_MM);
    }

    /** Voxel sizes along x, y, z (pixdim[1..3], header units). */
    public float[] voxelSizes() {
        return new float[] {pixdim[1], pixdim[2], pixdim[3]};
    }

    /**
     * Voxel sizes along x, y, z in millimetres (metres and micrometres converted; unknown units taken as
     * millimetres, as ITK does), or null when a size is not finite and positive (no usable spacing).
     */
    public double[] voxelSizesMm() {
        double f = switch (xyztUnits & 7) {
            case UNITS_METER -> 1000;
            case UNITS_MICRON -> 0.001;
            default -> 1;
        };
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            float s = pixdim[i + 1];
            if (!(s > 0) || !Float.isFinite(s)) return null;
            out[i] = s * f;
        }
        return out;
    }

    /** The same geometry with pixdim[4] (the step of the 4th axis) set, for a 4-D file built on it. */
    public NiftiGeometry withPixdim4(float step) {
        float[] p = pixdim.clone();
        p[4] = step;
        return new NiftiGeometry(p, qformCode, sformCode, quatern, qoffset, srowX, srowY, srowZ, xyztUnits);
    }

    private static void check(String name, float[] a, int n) {
        if (a == null || a.length != n) {
            throw new IllegalArgumentException("NIfTI geometry: " + name + " needs " + n + " values, got "
                    + (a == null ? "null" : Arrays.toString(a)));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NiftiGeometry g && Arrays.equals(pixdim, g.pixdim) && qformCode == g.qformCode
                && sformCode == g.sformCode && Arrays.equals(quatern, g.quatern) && Arrays.equals(qoffset, g.qoffset)
                && Arrays.equals(srowX, g.srowX) && Arrays.equals(srowY, g.srowY) && Arrays.equals(srowZ, g.srowZ)
                && xyztUnits == g.xyztUnits;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pixdim) * 31 + Arrays.hashCode(srowX) + 7 * qformCode + sformCode;
    }

    @Override
    public String toString() {
        return "NiftiGeometry[pixdim=" + Arrays.toString(pixdim) + ", qform_code=" + qformCode + ", sform_code="
                + sformCode + ", quatern=" + Arrays.toString(quatern) + ", qoffset=" + Arrays.toString(qoffset)
                + ", srow_x=" + Arrays.toString(srowX) + ", srow_y=" + Arrays.toString(srowY) + ", srow_z="
                + Arrays.toString(srowZ) + ", xyzt_units=" + xyztUnits + "]";
    }
}
