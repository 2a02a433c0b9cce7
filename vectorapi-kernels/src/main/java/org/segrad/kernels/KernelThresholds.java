package org.segrad.kernels;

/**
 * Every size threshold that picks an algorithm, in one place (like EJML's {@code EjmlParameters}).
 * Values were chosen from the JMH runs recorded in {@code docs/performance.md}.
 */
public final class KernelThresholds {
    private KernelThresholds() {}

    /** GEMM cache blocking: depth of one packed panel (A block is MC×KC, B panel KC×NC; KC·NC floats = 512 KiB, half the 1 MiB L2; a KC×NR micro-panel is 16 KiB of the 32 KiB L1). */
    public static final int GEMM_KC = 256;
    public static final int GEMM_MC = 128;
    public static final int GEMM_NC = 512;

    /**
     * A stride-1 convolution runs the direct (padded-row) kernel when its padded input plane costs no more than
     * this factor of the plain plane: the direct kernel also computes the (kw−1) garbage columns of each row.
     */
    public static final double DIRECT_CONV_MAX_WASTE = 1.5;

    /** A GEMM is split across threads only when it has at least this many multiply-adds. */
    public static final long PARALLEL_MIN_MACS = 1L << 20;
}
