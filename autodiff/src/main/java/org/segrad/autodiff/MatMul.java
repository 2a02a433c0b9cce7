package org.segrad.autodiff;

/**
 * Batched matrix product through the GEMM kernel: {@code [m,k]·[k,n]}, {@code [B,m,k]·[B,k,n]}, or a batch against
 * one matrix {@code [B,m,k]·[k,n]}.
 *
 * <pre>C = A·B,  ∂A = g·Bᵀ,  ∂B = Aᵀ·g  (summed over the batch when B is shared)</pre>
 */
public final class MatMul {
    private MatMul() {}

    public static Tensor matmul(Tensor a, Tensor b) {
        int ra = a.rank(), rb = b.rank();
        if (ra < 2 || ra > 3 || rb < 2 || rb > 3 || (ra == 2 && rb == 3)) {
            throw new IllegalArgumentException("matmul supports [m,k]·[k,n], [B,m,k]·[B,k,n] and [B,m,k]·[k,n]; got shapes "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        }
        int batch = ra == 3 ? a.dim(0) : 1;
        int m = a.dim(-2), k = a.dim(-1), n = b.dim(-1);
        if (b.dim(-2) != k || (rb == 3 && b.dim(0) != batch)) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.str(a.shape()) + " and " + Shape.str(b.shape())
                    + " do not match");
        }
        DType dt = DType.promote(a.dtype(), b.dtype());
        Tensor A = a.dtype() == dt ? a : Elementwise.cast(a, dt).detach();
        Tensor B = b.dtype() == dt ? b : Elementwise.cast(b, dt).detach();
        boolean sharedB = rb == 2;
        Tensor out = Tensor.alloc(dt, ra == 3 ? new int[] {batch, m, n} : new int[] {m, n});
        gemm(false, false, batch, m, n, k, A, sharedB, B, out);
        return Autograd.record(Primitive.MATMUL, out, g -> {
            Tensor ga = null, gb = null;
            if (a.requiresGrad()) {
                ga = Tensor.alloc(dt, A.shape());
                gemm(false, true, batch, m, k, n, g, sharedB, B, ga);   // g[m,n]·Bᵀ
            }
            if (b.requiresGrad()) {
                gb = Tensor.alloc(dt, B.shape());
                // Aᵀ[k,m]·g[m,n], summed over the batch into one block when B is shared
                dt.kernels().gemmBatch(true, false, batch, k, n, m, A.data(), m * k, g.data(), m * n, gb.data(), sharedB ? 0 : k * n);
            }
            return new Tensor[] {ga, gb};
        }, a, b);
    }

    /** For each batch entry: out[i] = op(x[i])·op(y[i or shared]), x of shape [rows, inner] after op. */
    private static void gemm(boolean tx, boolean ty, int batch, int rows, int cols, int inner,
                             Tensor x, boolean sharedY, Tensor y, Tensor out) {
        out.dtype().kernels().gemmBatch(tx, ty, batch, rows, cols, inner, x.data(), rows * inner, y.data(),
                sharedY ? 0 : inner * cols, out.data(), rows * cols);
    }
}
