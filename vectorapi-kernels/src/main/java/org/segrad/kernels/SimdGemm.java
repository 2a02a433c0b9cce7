package org.segrad.kernels;

import static org.segrad.kernels.SimdGemmMicroKernel.MR;
import static org.segrad.kernels.SimdGemmMicroKernel.NR;

/**
 * Packed, cache-blocked float32 GEMM (Goto/BLIS loop order) around {@link SimdGemmMicroKernel} (8 rows × 3 vectors; measured 83–86 % of the FMA probe at 512³ against
 * 78–86 % for 8 × 2 on this machine):
 * {@code C[m×n] (+)= op(A)·op(B)}, same contract as {@link ScalarGemm}.
 *
 * <p>Loops: columns in blocks of {@code NC}, depth in blocks of {@code KC} (B block packed once, stays in L2),
 * rows in blocks of {@code MC} (A block packed), then A micro-panels (MR×KC, 8 KiB, stay in L1) outer and B
 * micro-panels (streamed from L2) inner: the other order, B micro-panel in L1, measured 54 against 94 GFLOP/s.
 * Packing pads the ragged edges with zeros so the micro-kernel never needs a tail; an edge tile is computed into a
 * scratch tile and only its valid part is copied to C. Each element of C sees the same summation order whatever the thread split, so results do not depend on the thread count.
 */
final class SimdGemm {
    private static final int KC = KernelThresholds.GEMM_KC;
    private static final int MC = KernelThresholds.GEMM_MC;
    /** Column block, rounded down to whole micro-panels so that only the last block of a row has a ragged edge. */
    private static final int NC = Math.max(NR, KernelThresholds.GEMM_NC / NR * NR);

    /** Per-thread scratch: packed A block, packed B block, one edge tile. */
    private static final class Scratch {
        // Packed blocks are padded to whole micro-panels.
        final float[] a = new float[(MC + MR - 1) / MR * MR * KC];
        final float[] b = new float[KC * ((NC + NR - 1) / NR * NR)];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private SimdGemm() {}

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * n, cOff + i * n + n, 0f);
            return;
        }
        int panels = (n + NR - 1) / NR;
        if ((long) m * n * k < KernelThresholds.PARALLEL_MIN_MACS || Parallel.threads() == 1) {
            columns(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate, 0, n);
            return;
        }
        Parallel.forRange(panels, (from, to, chunk) ->
                columns(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate, from * NR, Math.min(n, to * NR)));
    }

    /** Computes the columns {@code [j0, j1)} of C. */
    static void columns(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                        float[] c, int cOff, boolean accumulate, int j0, int j1) {
        Scratch s = SCRATCH.get();
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, n, k, b, bOff, pc, kc, jc, nc, s.b);
                boolean overwrite = pc == 0 && !accumulate;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, m, k, a, aOff, ic, mc, pc, kc, s.a);
                    block(kc, mc, nc, s, c, cOff + ic * n + jc, n, overwrite);
                }
            }
        }
    }

    private static void block(int kc, int mc, int nc, Scratch s, float[] c, int cO, int ldc, boolean overwrite) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int aO = (ir / MR) * kc * MR;
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                int bO = (jr / NR) * kc * NR;
                int tileO = cO + ir * ldc + jr;
                if (mr == MR && nr == NR) {
                    SimdGemmMicroKernel.kernel(kc, s.a, aO, s.b, bO, c, tileO, ldc, overwrite);
                } else {
                    SimdGemmMicroKernel.kernel(kc, s.a, aO, s.b, bO, s.tile, 0, NR, true);
                    for (int r = 0; r < mr; r++)
                        for (int j = 0; j < nr; j++) {
                            int ci = tileO + r * ldc + j;
                            c[ci] = overwrite ? s.tile[r * NR + j] : c[ci] + s.tile[r * NR + j];
                        }
                }
            }
        }
    }

    /** Packs op(A)[ic..ic+mc, pc..pc+kc] as MR-row micro-panels {@code dst[panel·kc·MR + p·MR + r]}, zero padded. */
    private static void packA(boolean transA, int m, int k, float[] a, int aOff, int ic, int mc, int pc, int kc, float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int d = (ir / MR) * kc * MR;
            int row0 = ic + ir;
            if (transA) {
                for (int p = 0; p < kc; p++, d += MR) {
                    int src = aOff + (pc + p) * m + row0;
                    for (int r = 0; r < mr; r++) dst[d + r] = a[src + r];
                    for (int r = mr; r < MR; r++) dst[d + r] = 0f;
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    if (r < mr) {
                        int src = aOff + (row0 + r) * k + pc;
                        for (int p = 0; p < kc; p++) dst[d + p * MR + r] = a[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) dst[d + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    /** Packs op(B)[pc..pc+kc, jc..jc+nc] as NR-column micro-panels {@code dst[panel·kc·NR + p·NR + j]}, zero padded. */
    private static void packB(boolean transB, int n, int k, float[] b, int bOff, int pc, int kc, int jc, int nc, float[] dst) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int d = (jr / NR) * kc * NR;
            int col0 = jc + jr;
            if (transB) {
                for (int j = 0; j < NR; j++) {
                    if (j < nr) {
                        int src = bOff + (col0 + j) * k + pc;
                        for (int p = 0; p < kc; p++) dst[d + p * NR + j] = b[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) dst[d + p * NR + j] = 0f;
                    }
                }
            } else {
                for (int p = 0; p < kc; p++, d += NR) {
                    int src = bOff + (pc + p) * n + col0;
                    System.arraycopy(b, src, dst, d, nr);
                    for (int j = nr; j < NR; j++) dst[d + j] = 0f;
                }
            }
        }
    }
}
