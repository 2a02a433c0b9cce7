package org.segrad.kernels;

/**
 * The float32 convolution algorithms and the rule that picks one per shape and pass (thresholds in
 * {@link KernelThresholds}). {@link #SCALAR} is the reference twin every other algorithm is tested against.
 */
public enum ConvAlgorithm {
    /** {@link ScalarConv2d}: the seven-loop definition, double accumulation. */
    SCALAR,
    /**
     * Stride-1 direct convolution over zero-padded rows ({@link SimdDirectConv}); backward-data as a full correlation,
     * backward-weight as blocked dot products ({@link SimdConv2dWeightGrad}).
     */
    DIRECT,
    /** 1×1, stride 1, no padding: one matrix product per image on the input itself, no data movement. */
    GEMM_1X1,
    /**
     * Column matrix (im2col / col2im) + matrix product: any stride, padding, dilation (2×2 stride 2 makes col2im a
     * pure permutation). The products read the column matrix in place (no GEMM packing: with N = outH·outW in the
     * thousands and few output channels, packing B cost as much as the product).
     */
    IM2COL_GEMM,
    /**
     * 2×2 stride 2, no padding (the U-Net's transposed convolution): the taps do not overlap, so the column matrix is
     * a permutation of x, folded into the packing and the stores of the GEMM micro-kernel ({@link SimdPatchConv});
     * needs output rows of whole vectors.
     */
    PATCH_2X2;

    /** Which pass of the convolution. */
    public enum Pass { FORWARD, BACKWARD_DATA, BACKWARD_WEIGHT }

    /** Whether this algorithm can run {@code pass} for shape {@code g}. */
    public boolean supports(ConvGeometry g, Pass pass) {
        return switch (this) {
            case SCALAR, IM2COL_GEMM -> true;
            case GEMM_1X1 -> isPointwise(g);
            case PATCH_2X2 -> SimdPatchConv.supports(g);
            case DIRECT -> g.strideH() == 1 && g.strideW() == 1 && switch (pass) {
                case FORWARD -> true;
                case BACKWARD_DATA -> g.padH() <= g.dilH() * (g.kh() - 1) && g.padW() <= g.dilW() * (g.kw() - 1);
                case BACKWARD_WEIGHT -> true;
            };
        };
    }

    static boolean isPointwise(ConvGeometry g) {
        return g.kh() == 1 && g.kw() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0;
    }

    /** The algorithm the facade uses for float32 when SIMD is on. */
    public static ConvAlgorithm choose(ConvGeometry g, Pass pass) {
        if (isPointwise(g)) return GEMM_1X1;
        if (PATCH_2X2.supports(g, pass)) return PATCH_2X2;
        if (DIRECT.supports(g, pass)) {
            // The direct kernel computes every padded column; skip it when the padding is a large share of a row.
            int outW = pass == Pass.BACKWARD_DATA ? g.w() : g.outW();
            int paddedW = pass == Pass.BACKWARD_DATA ? g.outW() + 2 * (g.dilW() * (g.kw() - 1) - g.padW()) : g.w() + 2 * g.padW();
            if (paddedW <= KernelThresholds.DIRECT_CONV_MAX_WASTE * outW) return DIRECT;
        }
        return IM2COL_GEMM;
    }
}
