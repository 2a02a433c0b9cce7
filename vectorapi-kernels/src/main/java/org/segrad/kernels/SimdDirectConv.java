package org.segrad.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct stride-1 convolution on a zero-padded, row-flattened input ("padded rows" trick):
 * with the input plane padded to {@code hp×wp} and stored row after row, output position {@code q = i·wp + j}
 * is {@code yq[o][q] = Σ_tap wpk[o][tap] · xp[tapOff[tap] + q]}, {@code tapOff = c·plane + u·dilH·wp + v·dilW}.
 * Positions with {@code j ≥ outW} are garbage (they wrap into the next row) and are dropped by the caller; in
 * exchange every output row segment is one contiguous vector load per tap, for any kernel size and dilation.
 *
 * <p>Register block: 8 output channels × 2 vectors of positions (16 accumulators, 2 loads + 8 broadcasts per
 * 16 FMAs), then an 8×1 block, then a scalar tail (never masks). Weights are packed
 * {@code wpk[oBlock][tap][8]} by {@link #packWeights}, zero padded past cOut.
 */
final class SimdDirectConv {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 8;

    private SimdDirectConv() {}

    /** Packs {@code w[o][tap]} (row-major, {@code taps} per output channel) as {@code [oBlock][tap][MR]}. */
    static float[] packWeights(float[] w, int cOut, int taps, float[] dst) {
        int blocks = (cOut + MR - 1) / MR;
        int need = blocks * taps * MR;
        float[] p = dst != null && dst.length >= need ? dst : new float[need];
        for (int ob = 0; ob < blocks; ob++)
            for (int t = 0; t < taps; t++)
                for (int r = 0; r < MR; r++) {
                    int o = ob * MR + r;
                    p[(ob * taps + t) * MR + r] = o < cOut ? w[o * taps + t] : 0f;
                }
        return p;
    }

    /**
     * Computes {@code yq[yOff + o·yPlane + q]} for output channels in blocks {@code [ob0, ob1)} and positions
     * {@code [0, nq)}; reads {@code xp[xOff + tapOff[t] + q]}. Overwrites those outputs only.
     */
    static void run(float[] xp, int xOff, int[] tapOff, int taps, float[] wpk, int cOut, int ob0, int ob1,
                    float[] yq, int yOff, int yPlane, int nq) {
        final int qb = 2 * L;
        // Position blocks outer, channel blocks inner: the input rows of one block stay in cache across channels.
        int q = 0;
        for (; q + qb <= nq; q += qb)
            for (int ob = ob0; ob < ob1; ob++)
                kernel8x2(xp, xOff + q, tapOff, taps, wpk, ob * taps * MR, yq, yOff + ob * MR * yPlane + q, yPlane,
                        Math.min(MR, cOut - ob * MR));
        for (; q + L <= nq; q += L)
            for (int ob = ob0; ob < ob1; ob++)
                kernel8x1(xp, xOff + q, tapOff, taps, wpk, ob * taps * MR, yq, yOff + ob * MR * yPlane + q, yPlane,
                        Math.min(MR, cOut - ob * MR));
        for (; q < nq; q++)
            for (int ob = ob0; ob < ob1; ob++) {
                int mr = Math.min(MR, cOut - ob * MR);
                for (int r = 0; r < mr; r++) {
                    float acc = 0f;
                    int wi = ob * taps * MR + r;
                    for (int t = 0; t < taps; t++, wi += MR) acc = Math.fma(wpk[wi], xp[xOff + tapOff[t] + q], acc);
                    yq[yOff + (ob * MR + r) * yPlane + q] = acc;
                }
            }
    }

    /** 8 output channels × 2 vector(s) of positions starting at {@code q}; rows {@code ≥ mr} are not stored. */
    private static void kernel8x2(float[] xp, int xO, int[] tapOff, int taps, float[] wpk, int wO,
                                    float[] y, int yO, int yPlane, int mr) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        int wi = wO;
        for (int t = 0; t < taps; t++, wi += MR) {
            int base = xO + tapOff[t];
            FloatVector x0 = FloatVector.fromArray(S, xp, base);
            FloatVector x1 = FloatVector.fromArray(S, xp, base + 1 * L);
            FloatVector a;
            a = FloatVector.broadcast(S, wpk[wi + 0]);
            c00 = a.fma(x0, c00);
            c01 = a.fma(x1, c01);
            a = FloatVector.broadcast(S, wpk[wi + 1]);
            c10 = a.fma(x0, c10);
            c11 = a.fma(x1, c11);
            a = FloatVector.broadcast(S, wpk[wi + 2]);
            c20 = a.fma(x0, c20);
            c21 = a.fma(x1, c21);
            a = FloatVector.broadcast(S, wpk[wi + 3]);
            c30 = a.fma(x0, c30);
            c31 = a.fma(x1, c31);
            a = FloatVector.broadcast(S, wpk[wi + 4]);
            c40 = a.fma(x0, c40);
            c41 = a.fma(x1, c41);
            a = FloatVector.broadcast(S, wpk[wi + 5]);
            c50 = a.fma(x0, c50);
            c51 = a.fma(x1, c51);
            a = FloatVector.broadcast(S, wpk[wi + 6]);
            c60 = a.fma(x0, c60);
            c61 = a.fma(x1, c61);
            a = FloatVector.broadcast(S, wpk[wi + 7]);
            c70 = a.fma(x0, c70);
            c71 = a.fma(x1, c71);
        }
        if (mr > 0) { c00.intoArray(y, yO + 0 * yPlane); c01.intoArray(y, yO + 0 * yPlane + 1 * L); }
        if (mr > 1) { c10.intoArray(y, yO + 1 * yPlane); c11.intoArray(y, yO + 1 * yPlane + 1 * L); }
        if (mr > 2) { c20.intoArray(y, yO + 2 * yPlane); c21.intoArray(y, yO + 2 * yPlane + 1 * L); }
        if (mr > 3) { c30.intoArray(y, yO + 3 * yPlane); c31.intoArray(y, yO + 3 * yPlane + 1 * L); }
        if (mr > 4) { c40.intoArray(y, yO + 4 * yPlane); c41.intoArray(y, yO + 4 * yPlane + 1 * L); }
        if (mr > 5) { c50.intoArray(y, yO + 5 * yPlane); c51.intoArray(y, yO + 5 * yPlane + 1 * L); }
        if (mr > 6) { c60.intoArray(y, yO + 6 * yPlane); c61.intoArray(y, yO + 6 * yPlane + 1 * L); }
        if (mr > 7) { c70.intoArray(y, yO + 7 * yPlane); c71.intoArray(y, yO + 7 * yPlane + 1 * L); }
    }

    /** 8 output channels × 1 vector(s) of positions starting at {@code q}; rows {@code ≥ mr} are not stored. */
    private static void kernel8x1(float[] xp, int xO, int[] tapOff, int taps, float[] wpk, int wO,
                                    float[] y, int yO, int yPlane, int mr) {
        FloatVector c00 = FloatVector.zero(S), c10 = FloatVector.zero(S), c20 = FloatVector.zero(S), c30 = FloatVector.zero(S), c40 = FloatVector.zero(S), c50 = FloatVector.zero(S), c60 = FloatVector.zero(S), c70 = FloatVector.zero(S);
        int wi = wO;
        for (int t = 0; t < taps; t++, wi += MR) {
            int base = xO + tapOff[t];
            FloatVector x0 = FloatVector.fromArray(S, xp, base);
            FloatVector a;
            a = FloatVector.broadcast(S, wpk[wi + 0]);
            c00 = a.fma(x0, c00);
            a = FloatVector.broadcast(S, wpk[wi + 1]);
            c10 = a.fma(x0, c10);
            a = FloatVector.broadcast(S, wpk[wi + 2]);
            c20 = a.fma(x0, c20);
            a = FloatVector.broadcast(S, wpk[wi + 3]);
            c30 = a.fma(x0, c30);
            a = FloatVector.broadcast(S, wpk[wi + 4]);
            c40 = a.fma(x0, c40);
            a = FloatVector.broadcast(S, wpk[wi + 5]);
            c50 = a.fma(x0, c50);
            a = FloatVector.broadcast(S, wpk[wi + 6]);
            c60 = a.fma(x0, c60);
            a = FloatVector.broadcast(S, wpk[wi + 7]);
            c70 = a.fma(x0, c70);
        }
        if (mr > 0) { c00.intoArray(y, yO + 0 * yPlane); }
        if (mr > 1) { c10.intoArray(y, yO + 1 * yPlane); }
        if (mr > 2) { c20.intoArray(y, yO + 2 * yPlane); }
        if (mr > 3) { c30.intoArray(y, yO + 3 * yPlane); }
        if (mr > 4) { c40.intoArray(y, yO + 4 * yPlane); }
        if (mr > 5) { c50.intoArray(y, yO + 5 * yPlane); }
        if (mr > 6) { c60.intoArray(y, yO + 6 * yPlane); }
        if (mr > 7) { c70.intoArray(y, yO + 7 * yPlane); }
    }
}
