package org.segrad.io;

/**
 * The voxel types {@link Nifti#write} writes, with the NIfTI-1 datatype code, bits per voxel and the range of values
 * it holds exactly (integers only for the integer types).
 */
public enum NiftiDatatype {
    /** datatype 2, 8 bits, whole numbers 0..255 (label maps). */
    UINT8(2, 8, 0, 255),
    /** datatype 4, 16 bits, whole numbers −32768..32767. */
    INT16(4, 16, Short.MIN_VALUE, Short.MAX_VALUE),
    /** datatype 16, 32-bit IEEE float (probability maps, intensities). */
    FLOAT32(16, 32, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    final int code;
    final int bitpix;
    final double min;
    final double max;

    NiftiDatatype(int code, int bitpix, double min, double max) {
        this.code = code;
        this.bitpix = bitpix;
        this.min = min;
        this.max = max;
    }

    /** Whether {@code v} is stored exactly. */
    boolean holds(float v) {
        if (this == FLOAT32) return true;
        return v == Math.rint(v) && v >= min && v <= max;
    }
}
