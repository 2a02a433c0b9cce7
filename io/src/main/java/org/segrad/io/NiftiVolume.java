package org.segrad.io;

/**
 * A 3-D volume read by {@link Nifti}: {@code nx × ny × nz} voxels as floats (after scl_slope/scl_inter), x fastest
 * (index {@code x + nx·(y + ny·z)}), with the voxel size in pixdim units.
 *
 * <p>2-D slices: axis 2 gives {@code ny × nx} slices (rows y, columns x), axis 1 gives {@code nz × nx} (rows z,
 * columns x), axis 0 gives {@code nz × ny} (rows z, columns y). Rows run from the highest index of the vertical axis
 * down to 0, so that a volume stored in RAS+ orientation appears upright.
 *
 * @param nx     size along x, ≥ 1
 * @param ny     size along y, ≥ 1
 * @param nz     size along z, ≥ 1
 * @param data   voxel values, length nx·ny·nz (shared; treat as read-only)
 * @param pixdim   voxel size along x, y, z (= geometry's pixdim[1..3])
 * @param name     where it came from
 * @param geometry the header fields that place the volume in space (written back by {@link Nifti#write})
 */
public record NiftiVolume(int nx, int ny, int nz, float[] data, float[] pixdim, String name, NiftiGeometry geometry) {

    /** Checks the shape and that pixdim agrees with the geometry. */
    public NiftiVolume {
        if (nx < 1 || ny < 1 || nz < 1 || (long) nx * ny * nz != data.length) {
            throw new IllegalArgumentException("volume " + name + ": dims " + nx + "x" + ny + "x" + nz
                    + " do not match data length " + data.length);
        }
        if (pixdim.length != 3 || !java.util.Arrays.equals(pixdim, geometry.voxelSizes())) {
            throw new IllegalArgumentException("volume " + name + ": pixdim " + java.util.Arrays.toString(pixdim)
                    + " differs from its geometry's " + java.util.Arrays.toString(geometry.voxelSizes()));
        }
    }

    /** A volume with voxel sizes only (no orientation: see {@link NiftiGeometry#ofVoxelSizes}). */
    public NiftiVolume(int nx, int ny, int nz, float[] data, float[] pixdim, String name) {
        this(nx, ny, nz, data, pixdim, name, NiftiGeometry.ofVoxelSizes(pixdim[0], pixdim[1], pixdim[2]));
    }

    /** A volume of the same grid and geometry holding {@code values} (e.g. a label map), named {@code newName}. */
    public NiftiVolume withData(float[] values, String newName) {
        return new NiftiVolume(nx, ny, nz, values, pixdim, newName, geometry);
    }

    /** The size along {@code axis} (0 = x, 1 = y, 2 = z). */
    public int dim(int axis) {
        return switch (checkAxis(axis)) {
            case 0 -> nx;
            case 1 -> ny;
            default -> nz;
        };
    }

    /** The voxel at (x, y, z). */
    public float get(int x, int y, int z) {
        return data[x + nx * (y + ny * z)];
    }

    /**
     * The volume min-max scaled to [0, 1] over its finite values; non-finite voxels become 0 and a constant volume
     * becomes all 0.
     */
    public NiftiVolume minMaxScaled() {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : data) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        float[] out = new float[data.length];
        double range = hi - lo;
        if (range > 0) {
            for (int i = 0; i < data.length; i++) {
                float v = data[i];
                out[i] = Float.isFinite(v) ? (float) Math.min(1.0, Math.max(0.0, (v - lo) / range)) : 0f;
            }
        }
        return new NiftiVolume(nx, ny, nz, out, pixdim, name, geometry);
    }

    /** Number of slices along {@code axis}. */
    public int sliceCount(int axis) {
        return dim(axis);
    }

    /** Height of a slice along {@code axis}. */
    public int sliceHeight(int axis) {
        return checkAxis(axis) == 2 ? ny : nz;
    }

    /** Width of a slice along {@code axis}. */
    public int sliceWidth(int axis) {
        return checkAxis(axis) == 0 ? ny : nx;
    }

    /** Slice {@code index} along {@code axis} as {@code sliceHeight × sliceWidth} floats. */
    public float[] slice(int axis, int index) {
        int h = sliceHeight(axis);
        int w = sliceWidth(axis);
        checkIndex(axis, index);
        float[] out = new float[h * w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                out[r * w + c] = data[voxelIndex(axis, index, r, c)];
            }
        }
        return out;
    }

    /**
     * The flat voxel index ({@code x + nx·(y + ny·z)}) of row {@code r}, column {@code c} of slice {@code index}
     * along {@code axis}: the exact inverse of {@link #slice}, used to write 2-D results back into a volume.
     */
    public int voxelIndex(int axis, int index, int r, int c) {
        int v = sliceHeight(axis) - 1 - r; // the vertical coordinate, upright
        return switch (axis) {
            case 0 -> index + nx * (c + ny * v);
            case 1 -> c + nx * (index + ny * v);
            default -> c + nx * (v + ny * index);
        };
    }

    /** Whether two volumes have the same voxel grid size. */
    public boolean sameDims(NiftiVolume other) {
        return nx == other.nx && ny == other.ny && nz == other.nz;
    }

    private void checkIndex(int axis, int index) {
        if (index < 0 || index >= dim(axis)) {
            throw new IndexOutOfBoundsException("volume " + name + ": slice " + index + " of axis " + axis
                    + " but the axis has " + dim(axis) + " slices");
        }
    }

    private static int checkAxis(int axis) {
        if (axis < 0 || axis > 2) {
            throw new IllegalArgumentException("axis = " + axis + " but must be 0, 1 or 2");
        }
        return axis;
    }
}
