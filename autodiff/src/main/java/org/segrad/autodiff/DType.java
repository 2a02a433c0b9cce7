package org.segrad.autodiff;

import org.segrad.kernels.ArrayKernels;

/**
 * Element type of a {@link Tensor}: FLOAT32 for training, FLOAT64 for gradient checks and research. The dtype is
 * chosen once, here: {@link #kernels()} is the table of array loops for its storage ({@code float[]} or
 * {@code double[]}, see {@link Tensor#data()}), so ops never branch on the dtype.
 */
public enum DType {
    FLOAT32(ArrayKernels.FLOAT32), FLOAT64(ArrayKernels.FLOAT64);

    private final ArrayKernels kernels;

    DType(ArrayKernels kernels) {
        this.kernels = kernels;
    }

    /** The array loops of this element type. */
    public ArrayKernels kernels() {
        return kernels;
    }

    /** The wider of two types (NumPy/PyTorch promotion between float32 and float64). */
    public static DType promote(DType a, DType b) {
        return a == FLOAT64 || b == FLOAT64 ? FLOAT64 : FLOAT32;
    }
}
