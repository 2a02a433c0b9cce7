package org.segrad.autodiff;

/**
 * How a tensor of shape {@code small} is read when broadcast to shape {@code big}, when it can be read simply: big
 * viewed as {@code [outer, mid, inner]} (row-major), with small contiguous over {@code mid} and repeated over
 * {@code outer} and {@code inner}. That covers a same-shape operand (outer = inner = 1), a scalar (mid = 1), a
 * per-channel operand [C], [C,1,1] or [1,C,1,1] against NCHW (outer = N, mid = C, inner = H·W), a leading-axes
 * broadcast (inner = 1) and a trailing one. It also describes a reduction whose kept axes are one contiguous run
 * (sum over everything, over trailing axes, or per channel). Fast paths use it; other layouts take the general
 * multi-index walk.
 */
final class Block {
    final int outer, mid, inner;

    private Block(int outer, int mid, int inner) {
        this.outer = outer;
        this.mid = mid;
        this.inner = inner;
    }

    /**
     * The block view of {@code small} inside {@code big} (small must broadcast to big), or null when the axes on
     * which small varies do not form one contiguous run (size-1 axes of big are ignored).
     */
    static Block of(int[] small, int[] big) {
        int lead = big.length - small.length;
        if (lead < 0) return null;
        int lo = -1, hi = -1;
        boolean after = false;
        for (int i = 0; i < big.length; i++) {
            if (big[i] == 1) continue;
            int s = i < lead ? 1 : small[i - lead];
            if (s == big[i]) {
                if (after) return null;
                if (lo < 0) lo = i;
                hi = i + 1;
            } else if (s == 1) {
                if (lo >= 0) after = true;
            } else {
                return null;
            }
        }
        if (lo < 0) return new Block(1, 1, Shape.numel(big));
        int outer = 1, mid = 1, inner = 1;
        for (int i = 0; i < lo; i++) outer *= big[i];
        for (int i = lo; i < hi; i++) mid *= big[i];
        for (int i = hi; i < big.length; i++) inner *= big[i];
        return new Block(outer, mid, inner);
    }

    /**
     * The complementary layout: big viewed as {@code [outer, mid, inner]} with small equal to big on outer and
     * inner and repeated over mid (small = [outer, 1, inner]), e.g. a sum over the channel axis of NCHW. Null when
     * the axes on which small is broadcast do not form one contiguous run.
     */
    static Block across(int[] small, int[] big) {
        int lead = big.length - small.length;
        if (lead < 0) return null;
        int lo = -1, hi = -1;
        boolean after = false;
        for (int i = 0; i < big.length; i++) {
            if (big[i] == 1) continue;
            int s = i < lead ? 1 : small[i - lead];
            if (s == 1) {
                if (after) return null;
                if (lo < 0) lo = i;
                hi = i + 1;
            } else if (s == big[i]) {
                if (lo >= 0) after = true;
            } else {
                return null;
            }
        }
        if (lo < 0) return new Block(1, 1, Shape.numel(big));
        int outer = 1, mid = 1, inner = 1;
        for (int i = 0; i < lo; i++) outer *= big[i];
        for (int i = lo; i < hi; i++) mid *= big[i];
        for (int i = hi; i < big.length; i++) inner *= big[i];
        return new Block(outer, mid, inner);
    }

    @Override
    public String toString() {
        return "[" + outer + ", " + mid + ", " + inner + "]";
    }
}
