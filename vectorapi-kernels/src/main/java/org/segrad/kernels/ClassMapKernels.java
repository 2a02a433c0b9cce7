package org.segrad.kernels;

/**
 * The per-pixel loops of the segmentation losses over class arrays of layout [N, C, hw] (probabilities, their logs,
 * gradients: float64) and a class per pixel ({@code cls[i]} in 0..C−1, or −1 for none, e.g. an ignored pixel). Pixel
 * i is (b, s) = (i / hw, i % hw) and its entry of class c sits at {@link #at}{@code = (b·C + c)·hw + s}. A class
 * weight list {@code w} is null (every weight 1), one value for all classes, or one per class ({@link #weight}).
 *
 * <p>Contracts: every method reads only the arrays it names as input; a method that returns a value writes
 * nothing; "overwrites out" means every element of out is written; "adds into g" means g[j] += … on the named
 * entries only. Sums run over pixels in index order and over classes from 0, in double: the analytic losses' order.
 */
public final class ClassMapKernels {
    private ClassMapKernels() {}

    /** Flat index of (pixel i, class c) in [N, C, hw]. */
    public static int at(int i, int c, int classes, int hw) {
        return ((i / hw) * classes + c) * hw + i % hw;
    }

    /** w_c: 1 when {@code w} is null, w[0] when it holds one value, else w[c]. */
    public static double weight(double[] w, int c) {
        return w == null ? 1 : w.length == 1 ? w[0] : w[c];
    }

    /**
     * Validates integer class ids: ids[i] = labels[i] (a float[] or double[]), −1 where it equals {@code ignore}
     * (when {@code hasIgnore}). Returns −1, or the first index whose value is not an integer in 0..classes−1 (ids is
     * then partly written).
     */
    public static int classIds(Object labels, int classes, boolean hasIgnore, int ignore, int[] ids) {
        for (int i = 0; i < ids.length; i++) {
            double v = StridedKernels.get(labels, i);
            int c = (int) v;
            if (c != v) return i;
            if (hasIgnore && c == ignore) ids[i] = -1;
            else if (c < 0 || c >= classes) return i;
            else ids[i] = c;
        }
        return -1;
    }

    /** Σ_{cls[i] ≥ 0} w_{cls[i]}. */
    public static double totalWeight(int[] cls, double[] w) {
        double s = 0;
        for (int c : cls) if (c >= 0) s += weight(w, c);
        return s;
    }

    /**
     * dst[at(i, cls[i])] = w_{cls[i]} for cls[i] ≥ 0 (a scaled one-hot), rounded to dst's type (float[] or double[]).
     * Writes those entries only: pass a zeroed dst.
     */
    public static void oneHot(int[] cls, int classes, int hw, double[] w, Object dst) {
        for (int i = 0; i < cls.length; i++) if (cls[i] >= 0) StridedKernels.set(dst, at(i, cls[i], classes, hw), weight(w, cls[i]));
    }

    /** dst[i] = cls[i] ≥ 0 ? w_{cls[i]} : 0 (per-pixel weights; w = null gives the 0/1 mask). Overwrites dst. */
    public static void pixelWeights(int[] cls, double[] w, Object dst) {
        for (int i = 0; i < cls.length; i++) StridedKernels.set(dst, i, cls[i] >= 0 ? weight(w, cls[i]) : 0);
    }

    /** Σ_{cls[i] ≥ 0} w_{cls[i]}·v[i] (v per pixel). */
    public static double weightedPixelSum(int[] cls, double[] w, double[] v) {
        double s = 0;
        for (int i = 0; i < cls.length; i++) if (cls[i] >= 0) s += weight(w, cls[i]) * v[i];
        return s;
    }

    /** out[i] = cls[i] ≥ 0 ? u·w_{cls[i]} / total : 0 (a weighted mean's upstream per pixel). Overwrites out. */
    public static void meanUpstream(int[] cls, double[] w, double u, double total, double[] out) {
        for (int i = 0; i < cls.length; i++) out[i] = cls[i] >= 0 ? u * weight(w, cls[i]) / total : 0;
    }

    /** out[i] = cls[i] ≥ 0 ? v[at(i, cls[i])] : absent. Overwrites out. */
    public static void gather(int[] cls, int classes, int hw, double[] v, double absent, double[] out) {
        for (int i = 0; i < cls.length; i++) out[i] = cls[i] >= 0 ? v[at(i, cls[i], classes, hw)] : absent;
    }

    /** Σ_{cls[i] ≥ 0} w_{cls[i]}·v[at(i, cls[i])]. */
    public static double weightedGatherSum(int[] cls, int classes, int hw, double[] v, double[] w) {
        double s = 0;
        for (int i = 0; i < cls.length; i++) if (cls[i] >= 0) s += weight(w, cls[i]) * v[at(i, cls[i], classes, hw)];
        return s;
    }

    /**
     * out[i] = Σ_{c ≠ cls[i]} p[at(i, c)] (the other classes' mass, summed rather than 1 − p so that it stays accurate
     * as p → 1), or {@code absent} where cls[i] &lt; 0. Overwrites out.
     */
    public static void otherMass(int[] cls, int classes, int hw, double[] p, double absent, double[] out) {
        for (int i = 0; i < cls.length; i++) out[i] = cls[i] < 0 ? absent : otherMass(i, cls[i], classes, hw, p);
    }

    private static double otherMass(int i, int k, int classes, int hw, double[] p) {
        double s = 0;
        for (int c = 0; c < classes; c++) if (c != k) s += p[at(i, c, classes, hw)];
        return s;
    }

    /**
     * out[i] = the first class of maximal p (a {@code >} scan) where ids[i] ≥ 0, else −1 (the confidence class
     * "max" of pixels that count). Overwrites out.
     */
    public static void argmaxKept(int[] ids, int classes, int hw, double[] p, int[] out) {
        SoftmaxKernels.argmax(p, hw == 0 ? 0 : ids.length / hw, classes, hw, out);
        for (int i = 0; i < ids.length; i++) if (ids[i] < 0) out[i] = -1;
    }

    /**
     * Cross-entropy's gradient, as the composite's backward rounds it: g[j] += ([c = t] ? s : 0) − p[j]·s with
     * s = m·w_t for each pixel of class t = cls[i] ≥ 0 and each class c (j = at(i, c)). Pixels are split across
     * threads (each writes its own entries). Adds into g.
     */
    public static void addCrossEntropyGradient(int[] cls, int classes, int hw, double[] p, double[] w, double m, double[] g) {
        Parallel.forRange(cls.length, (long) g.length * KernelThresholds.ELEMENT_PASS_MACS, (i0, i1, chunk) -> {
            for (int i = i0; i < i1; i++) {
                int t = cls[i];
                if (t < 0) continue;
                double s = m * weight(w, t);
                for (int c = 0; c < classes; c++) {
                    int j = at(i, c, classes, hw);
                    g[j] += (c == t ? s : 0) - p[j] * s;
                }
            }
        });
    }

    /**
     * g[j] += u_i·[c = k] − p[j]·u_i (∂ of u_i·log p_{i,k}, as the composite's backward rounds it) for each pixel with
     * k = cls[i] ≥ 0, u_i = coef[i] (skipped where u_i = 0 when {@code skipZero}). Adds into g.
     */
    public static void addLogTrueGradient(int[] cls, int classes, int hw, double[] p, double[] coef, boolean skipZero, double[] g) {
        for (int i = 0; i < cls.length; i++) {
            double u = coef[i];
            if ((skipZero && u == 0) || cls[i] < 0) continue;
            for (int c = 0; c < classes; c++) {
                int j = at(i, c, classes, hw);
                g[j] += u * (c == cls[i] ? 1 : 0) - p[j] * u;
            }
        }
    }

    /**
     * g[j] += u_i·v_i·([c = k] − p[j]) (∂ of u_i·p_{i,k}, v_i = p_{i,k}) for each pixel with k = cls[i] ≥ 0 and
     * u_i = coef[i] ≠ 0. Adds into g.
     */
    public static void addTrueGradient(int[] cls, int classes, int hw, double[] p, double[] v, double[] coef, double[] g) {
        for (int i = 0; i < cls.length; i++) {
            double u = coef[i];
            if (u == 0 || cls[i] < 0) continue;
            for (int c = 0; c < classes; c++) {
                int j = at(i, c, classes, hw);
                g[j] += u * v[i] * ((c == cls[i] ? 1 : 0) - p[j]);
            }
        }
    }

    /**
     * g[j] += u_i·p[j]·([c ≠ k] − o_i) (∂ of u_i·o_i, o_i the other classes' mass) for each pixel with k = cls[i] ≥ 0
     * and u_i ≠ 0, u_i = coef[i], or {@code same} when coef is null. Adds into g.
     */
    public static void addOtherGradient(int[] cls, int classes, int hw, double[] p, double[] o, double[] coef, double same,
                                        double[] g) {
        for (int i = 0; i < cls.length; i++) {
            if (cls[i] < 0) continue;
            double u = coef == null ? same : coef[i];
            if (u == 0) continue;
            for (int c = 0; c < classes; c++) {
                int j = at(i, c, classes, hw);
                g[j] += u * p[j] * ((c == cls[i] ? 0 : 1) - o[i]);
            }
        }
    }

    /**
     * The multi-class focal loss's sum and gradient: for each pixel of class t = cls[i] ≥ 0, with ℓ = −logp[at(i, t)],
     * o = Σ_{c≠t} p, õ = max(o, floor), a = α_t / kept, mod = õ^γ, dmod = γ õ^{γ−1} ℓ (0 when γ = 0 or o &lt; floor):
     * g[j] = a·(mod·(p[j] − [c = t]) + dmod·p[j]·((1 − [c = t]) − o)) for every class c. Overwrites g on the pixels
     * that count (leaves the others); returns Σ_i α_t·mod·ℓ.
     */
    public static double focal(int[] cls, int classes, int hw, double[] p, double[] logp, double[] alpha, int kept,
                               double gamma, double floor, double[] g) {
        double s = 0;
        for (int i = 0; i < cls.length; i++) {
            int t = cls[i];
            if (t < 0) continue;
            double a = weight(alpha, t) / kept;
            double ell = -logp[at(i, t, classes, hw)];
            double o = otherMass(i, t, classes, hw, p);
            double ot = Math.max(o, floor);
            double mod = gamma == 0 ? 1 : Math.pow(ot, gamma);
            double dmod = gamma == 0 || o < floor ? 0 : gamma * Math.pow(ot, gamma - 1) * ell;
            s += weight(alpha, t) * mod * ell;
            for (int c = 0; c < classes; c++) {
                int j = at(i, c, classes, hw);
                double yc = c == t ? 1 : 0;
                g[j] = a * (mod * (p[j] - yc) + dmod * p[j] * ((1 - yc) - o));
            }
        }
        return s;
    }

    /** The unit of pixel i: 0 over the whole batch, its image i / hw per image. */
    private static int unit(int i, int hw, boolean perImage) {
        return perImage ? i / hw : 0;
    }

    /** counts[u·C + c] += 1 per pixel of class c = cls[i] ≥ 0 in unit u (the batch, or each image). Adds into counts. */
    public static void countClasses(int[] cls, int classes, int hw, boolean perImage, double[] counts) {
        for (int i = 0; i < cls.length; i++) if (cls[i] >= 0) counts[unit(i, hw, perImage) * classes + cls[i]] += 1;
    }

    /**
     * Soft-overlap sums per unit u and class c over the pixels with cls[i] ≥ 0: pq[u·C + c] += p^q (q = 1 or 2) for
     * every class, tp[u·C + t] += p[at(i, t)] for the pixel's class t. Adds into tp and pq.
     */
    public static void overlapSums(int[] cls, int classes, int hw, boolean perImage, double[] p, int q, double[] tp, double[] pq) {
        for (int i = 0; i < cls.length; i++) {
            if (cls[i] < 0) continue;
            int u = unit(i, hw, perImage) * classes;
            for (int c = 0; c < classes; c++) {
                double v = p[at(i, c, classes, hw)];
                pq[u + c] += q == 2 ? v * v : v;
            }
            tp[u + cls[i]] += p[at(i, cls[i], classes, hw)];
        }
    }

    /**
     * The soft-overlap gradient with respect to p: for each pixel with cls[i] ≥ 0 and class c whose pair j = u·C + c
     * is kept (kept[j] ≠ 0) with den[j] ≠ 0,
     * gp[at(i, c)] = −(k·y − ratio[j]·(e·y + a·(q = 2 ? 2p : 1))) / (den[j]·nKept), y = [c = cls[i]].
     * Writes those entries of gp only.
     */
    public static void overlapGradient(int[] cls, int classes, int hw, boolean perImage, double[] p, int q, double[] kept,
                                       double[] den, double[] ratio, double k, double e, double a, double nKept, double[] gp) {
        for (int i = 0; i < cls.length; i++) {
            if (cls[i] < 0) continue;
            int u = unit(i, hw, perImage) * classes;
            for (int c = 0; c < classes; c++) {
                int j = u + c;
                if (kept[j] == 0 || den[j] == 0) continue;
                double yc = cls[i] == c ? 1 : 0;
                double v = p[at(i, c, classes, hw)];
                gp[at(i, c, classes, hw)] = -(k * yc - ratio[j] * (e * yc + a * (q == 2 ? 2 * v : 1))) / (den[j] * nKept);
            }
        }
    }
}
