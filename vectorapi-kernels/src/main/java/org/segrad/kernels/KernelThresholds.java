package org.segrad.kernels;

/**
 * Every size threshold that picks an algorithm, in one place (like EJML's {@code EjmlParameters}).
 * Values were chosen from the JMH runs recorded in {@code docs/performance.md}.
 */
public final class KernelThresholds {
    private KernelThresholds() {}

    /**
     * GEMM cache blocking (Zen 4 here: 32 KiB L1d, 1 MiB L2 per core). An A micro-panel MR×KC (8 KiB) stays in L1
     * while the B micro-panels KC×NR stream from the packed B block KC×NC, which stays in L2 (512 KiB for n = 512);
     * NC ≥ 512 keeps a 512-wide product in one column block, so A is packed once per depth block.
     */
    public static final int GEMM_KC = 256;
    public static final int GEMM_MC = 128;
    public static final int GEMM_NC = 1024;

    /**
     * A stride-1 convolution runs the direct (padded-row) kernel when its padded input plane costs no more than
     * this factor of the plain plane: the direct kernel also computes the (kw−1) garbage columns of each row.
     */
    public static final double DIRECT_CONV_MAX_WASTE = 1.5;

    /**
     * A kernel is split across threads only when it has at least this many multiply-adds (≈ 50 µs of work): below,
     * handing work to a second thread costs more than it saves, and on a loaded machine it can stall for a whole
     * scheduler tick (the 1×1 head's weight gradient ran 10× slower on 2 threads before this threshold).
     */
    public static final long PARALLEL_MIN_MACS = 4L << 20;

    /**
     * What one element of a memory-bound pass (batch-norm, pooling: a load, a few flops, a store) counts for against
     * {@link #PARALLEL_MIN_MACS}: a core streams ~4 G elements/s from L2/L3 against ~60 G multiply-adds/s, so one
     * element ≈ 16 multiply-adds; a pass then splits from 256 Ki elements (1 MiB of float32) up.
     */
    public static final int ELEMENT_PASS_MACS = 16;

    /**
     * Positions per chunk of the dot-product weight gradient. Each chunk ends in 16 lane reductions per 4×4 block;
     * measured (thread CPU time, unet-small 3×3 shapes): 512 → 51–58, 1024 → 58–69, 2048 → 64–73, 4096 → 67–76,
     * 8192 → 67–83 GFLOP/s, no further gain beyond; 8192 positions keep the 4 dy rows of a block (128 KiB) in L2.
     */
    public static final int WEIGHT_GRAD_CHUNK = 8192;

    /**
     * The column-matrix weight gradient uses dot products along the output plane when it has at least this many
     * positions per image (the lane reduction at the end of each dot product is then negligible), else a packed GEMM.
     */
    public static final int DOT_WEIGHT_GRAD_MIN_POSITIONS = 1024;
}
