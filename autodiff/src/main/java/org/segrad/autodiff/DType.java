package org.segrad.autodiff;

/** Element type of a {@link Tensor}: FLOAT32 for training, FLOAT64 for gradient checks and research. */
public enum DType {
    FLOAT32, FLOAT64;

    /** The wider of two types (NumPy/PyTorch promotion between float32 and float64). */
    public static DType promote(DType a, DType b) {
        return a == FLOAT64 || b == FLOAT64 ? FLOAT64 : FLOAT32;
    }
}
