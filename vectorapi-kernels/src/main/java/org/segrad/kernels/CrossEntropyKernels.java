package org.segrad.kernels;

/**
 * Softmax cross-entropy's value and gradient in one pass over the logits (the fused path of {@code ce}), with the
 * arithmetic of {@link SoftmaxKernels#forward} and {@link ClassMapKernels#addCrossEntropyGradient} step for step, so
 * that it gives the same bits as probabilities, log-probabilities and gradient computed apart (in double) and then
 * rounded to the logits' type — without the three n·C double arrays and the cast of the gradient.
 * <pre>
 * per pixel i:  v_c = z_ic − max_c z_ic,  e_c = e^{v_c},  S = Σ_c e_c (c in order),  log p_ic = v_c − log S,  p_ic = e_c / S
 *               g_ic = 0 + (m·w_t·[c = t] − p_ic·m·w_t) for t = cls[i] ≥ 0, else 0;  logpTrue[i] = log p_{i,t}
 * </pre>
 * Layout: z and g are [outer, classes, hw] (NCHW with hw = H·W), cls is [outer·hw] (−1 = ignored), w the class
 * weights (null = 1, one value = all). Pixels are independent and split across threads.
 */
public final class CrossEntropyKernels {
    private CrossEntropyKernels() {}

    /**
     * Reads z (float[] or double[]) and cls; overwrites g (z's type, z's size) and logpTrue[i] for every pixel with
     * cls[i] ≥ 0 (other entries are left as they are). Returns nothing: the value is −Σ_i w_t·logpTrue[i] / W, summed by
     * {@link ClassMapKernels#weightedPixelSum} in pixel order.
     */
    public static void valueAndGradient(Object z, int[] cls, int outer, int classes, int hw, double[] w, double m,
                                        Object g, double[] logpTrue) {
        Parallel.forRange(cls.length, (long) cls.length * classes * KernelThresholds.ELEMENT_PASS_MACS * 4, (i0, i1, chunk) -> {
            double[] v = new double[classes], e = new double[classes];
            for (int i = i0; i < i1; i++) {
                int base = (i / hw) * classes * hw + i % hw;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    v[c] = StridedKernels.get(z, base + c * hw);
                    max = Math.max(max, v[c]);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    v[c] -= max;
                    e[c] = v[c] == 0 ? 1.0 : Math.exp(v[c]);
                    sum += e[c];
                }
                int t = cls[i];
                if (t < 0) {
                    for (int c = 0; c < classes; c++) StridedKernels.set(g, base + c * hw, 0.0);
                    continue;
                }
                double logSum = Math.log(sum), s = m * ClassMapKernels.weight(w, t);
                logpTrue[i] = v[t] - logSum;
                for (int c = 0; c < classes; c++) StridedKernels.set(g, base + c * hw, 0 + ((c == t ? s : 0) - e[c] / sum * s));
            }
        });
    }
}
