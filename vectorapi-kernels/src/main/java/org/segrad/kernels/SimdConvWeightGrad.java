package org.segrad.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot-product kernels of the stride-1 direct weight gradient: with dy scattered into the padded-row layout
 * ({@code dyq[o][q]}, zero at garbage positions) and the padded input stored channel-major ({@code xp}),
 * {@code dw[o][tap] += Σ_{q∈[q0,q1)} dyq[o][q] · xp[tapOff[tap] + q]}. Both operands run contiguously along the
 * reduction, so the block is 4 output channels × 4 taps of vector accumulators (8 loads per 16 FMAs), reduced
 * across lanes once per call; {@code q1 − q0} must be a multiple of the vector length (callers pad with zeros).
 */
final class SimdConvWeightGrad {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int R = 4, T = 4;

    private SimdConvWeightGrad() {}

    /** Adds the 4×4 block {@code dw[dwOff + (o0+r)·taps + t0 + t]}; rows of dyq start at {@code dyOff}, {@code rowLen} apart. */
    static void block4x4(float[] dyq, int dyOff, int o0, int rowLen, float[] xp, int[] tapOff, int t0, int q0, int q1,
                         float[] dw, int dwOff, int taps) {
        int d0o = dyOff + o0 * rowLen, d1o = d0o + rowLen, d2o = d1o + rowLen, d3o = d2o + rowLen;
        int x0o = tapOff[t0], x1o = tapOff[t0 + 1], x2o = tapOff[t0 + 2], x3o = tapOff[t0 + 3];
        FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S), s03 = FloatVector.zero(S), s10 = FloatVector.zero(S), s11 = FloatVector.zero(S), s12 = FloatVector.zero(S), s13 = FloatVector.zero(S), s20 = FloatVector.zero(S), s21 = FloatVector.zero(S), s22 = FloatVector.zero(S), s23 = FloatVector.zero(S), s30 = FloatVector.zero(S), s31 = FloatVector.zero(S), s32 = FloatVector.zero(S), s33 = FloatVector.zero(S);
        for (int q = q0; q < q1; q += L) {
            FloatVector d0 = FloatVector.fromArray(S, dyq, d0o + q);
            FloatVector d1 = FloatVector.fromArray(S, dyq, d1o + q);
            FloatVector d2 = FloatVector.fromArray(S, dyq, d2o + q);
            FloatVector d3 = FloatVector.fromArray(S, dyq, d3o + q);
            FloatVector x0 = FloatVector.fromArray(S, xp, x0o + q);
            FloatVector x1 = FloatVector.fromArray(S, xp, x1o + q);
            FloatVector x2 = FloatVector.fromArray(S, xp, x2o + q);
            FloatVector x3 = FloatVector.fromArray(S, xp, x3o + q);
            s00 = d0.fma(x0, s00);
            s01 = d0.fma(x1, s01);
            s02 = d0.fma(x2, s02);
            s03 = d0.fma(x3, s03);
            s10 = d1.fma(x0, s10);
            s11 = d1.fma(x1, s11);
            s12 = d1.fma(x2, s12);
            s13 = d1.fma(x3, s13);
            s20 = d2.fma(x0, s20);
            s21 = d2.fma(x1, s21);
            s22 = d2.fma(x2, s22);
            s23 = d2.fma(x3, s23);
            s30 = d3.fma(x0, s30);
            s31 = d3.fma(x1, s31);
            s32 = d3.fma(x2, s32);
            s33 = d3.fma(x3, s33);
        }
        float[] acc = Lanes.scratch();
        s00.intoArray(acc, 0);
        s01.intoArray(acc, L);
        s02.intoArray(acc, 2 * L);
        s03.intoArray(acc, 3 * L);
        s10.intoArray(acc, 4 * L);
        s11.intoArray(acc, 5 * L);
        s12.intoArray(acc, 6 * L);
        s13.intoArray(acc, 7 * L);
        s20.intoArray(acc, 8 * L);
        s21.intoArray(acc, 9 * L);
        s22.intoArray(acc, 10 * L);
        s23.intoArray(acc, 11 * L);
        s30.intoArray(acc, 12 * L);
        s31.intoArray(acc, 13 * L);
        s32.intoArray(acc, 14 * L);
        s33.intoArray(acc, 15 * L);
        for (int r = 0; r < R; r++) {
            int w = dwOff + (o0 + r) * taps + t0;
            for (int t = 0; t < T; t++) dw[w + t] += Lanes.sum(acc, (r * T + t) * L, L);
        }
    }

    /** Adds {@code dw[dwOff + o·taps + t]} for one (output channel, tap) pair: the remainder of the 4×4 blocks. */
    static void single(float[] dyq, int dyOff, int o, int rowLen, float[] xp, int[] tapOff, int t, int q0, int q1,
                       float[] dw, int dwOff, int taps) {
        int dO = dyOff + o * rowLen, xO = tapOff[t];
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        int q = q0;
        for (; q + 2 * L <= q1; q += 2 * L) {
            s0 = FloatVector.fromArray(S, dyq, dO + q).fma(FloatVector.fromArray(S, xp, xO + q), s0);
            s1 = FloatVector.fromArray(S, dyq, dO + q + L).fma(FloatVector.fromArray(S, xp, xO + q + L), s1);
        }
        if (q < q1) s0 = FloatVector.fromArray(S, dyq, dO + q).fma(FloatVector.fromArray(S, xp, xO + q), s0);
        float[] acc = Lanes.scratch();
        s0.add(s1).intoArray(acc, 0);
        dw[dwOff + o * taps + t] += Lanes.sum(acc, 0, L);
    }
}
