package org.segrad.losses;

import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The three example expressions of issue 15, written by hand on commons-math3 {@link DerivativeStructure}s (forward
 * mode, one variable per logit) from their textbook formulas, with the loss options at their defaults (Dice and
 * Tversky summed over the batch, background kept, classes without target pixels skipped, no smoothing, no ignored
 * pixels). Shares no code with the term algebra or with {@link DsReference}.
 */
final class ExampleExpressionOracle {
    private final int n, cls, hw, params;
    private final int[] t;
    private final DerivativeStructure[] p, logp;

    ExampleExpressionOracle(double[] logits, double[] labels, int[] shape) {
        n = shape[0];
        cls = shape[1];
        hw = shape[2] * shape[3];
        params = logits.length;
        t = new int[n * hw];
        for (int i = 0; i < t.length; i++) t[i] = (int) labels[i];
        p = new DerivativeStructure[params];
        logp = new DerivativeStructure[params];
        for (int i = 0; i < n * hw; i++) {
            DerivativeStructure sum = new DerivativeStructure(params, 1, 0);
            for (int k = 0; k < cls; k++) sum = sum.add(new DerivativeStructure(params, 1, at(i, k), logits[at(i, k)]).exp());
            for (int k = 0; k < cls; k++) {
                DerivativeStructure zk = new DerivativeStructure(params, 1, at(i, k), logits[at(i, k)]);
                p[at(i, k)] = zk.exp().divide(sum);
                logp[at(i, k)] = zk.subtract(sum.log());
            }
        }
    }

    private int at(int i, int k) {
        return ((i / hw) * cls + k) * hw + i % hw;
    }

    private DerivativeStructure c(double v) {
        return new DerivativeStructure(params, 1, v);
    }

    /** −(1/M) Σ_i log p_t(i). */
    DerivativeStructure ce() {
        DerivativeStructure s = c(0);
        for (int i = 0; i < t.length; i++) s = s.subtract(logp[at(i, t[i])]);
        return s.divide(t.length);
    }

    /** 1 − mean over classes present of TP / (TP + α FP + β FN); Dice is α = β = ½. */
    DerivativeStructure tversky(double alpha, double beta) {
        DerivativeStructure sum = c(0);
        int kept = 0;
        for (int k = 0; k < cls; k++) {
            DerivativeStructure tp = c(0), fp = c(0), fn = c(0);
            boolean present = false;
            for (int i = 0; i < t.length; i++) {
                DerivativeStructure pk = p[at(i, k)];
                if (t[i] == k) {
                    present = true;
                    tp = tp.add(pk);
                    fn = fn.add(pk.negate().add(1));
                } else {
                    fp = fp.add(pk);
                }
            }
            if (!present) continue;
            sum = sum.add(tp.divide(tp.add(fp.multiply(alpha)).add(fn.multiply(beta))));
            kept++;
        }
        return sum.divide(kept).negate().add(1);
    }

    /** 1 − mean over classes present of 2 TP / (G + P). */
    DerivativeStructure dice() {
        DerivativeStructure sum = c(0);
        int kept = 0;
        for (int k = 0; k < cls; k++) {
            DerivativeStructure tp = c(0), pp = c(0);
            double g = 0;
            for (int i = 0; i < t.length; i++) {
                pp = pp.add(p[at(i, k)]);
                if (t[i] == k) {
                    tp = tp.add(p[at(i, k)]);
                    g++;
                }
            }
            if (g == 0) continue;
            sum = sum.add(tp.multiply(2).divide(pp.add(g)));
            kept++;
        }
        return sum.divide(kept).negate().add(1);
    }

    /**
     * dice · ce^α with α = (1 − p̄)^(1 − dice) held constant (its value only). A power with a non-integer exponent
     * is defined on max(x, 1e-30) (the language's documented floor; it matters only for one class, where ce = 0).
     */
    DerivativeStructure camlDefault() {
        DerivativeStructure pbar = c(0);
        for (int i = 0; i < t.length; i++) pbar = pbar.add(p[at(i, t[i])]);
        double alpha = Math.pow(Math.max(1 - pbar.getValue() / t.length, 1e-30), 1 - dice().getValue());
        DerivativeStructure ce = ce();
        return dice().multiply(ce.getValue() < 1e-30 ? c(Math.pow(1e-30, alpha)) : ce.pow(alpha));
    }

    /** ce + 0.5 · tversky(α = 0.3, β = 0.7). */
    DerivativeStructure cePlusTversky() {
        return ce().add(tversky(0.3, 0.7).multiply(0.5));
    }

    /** mean_i(−(1 − p_t)² log p_t) · dice. */
    DerivativeStructure focalTimesDice() {
        DerivativeStructure s = c(0);
        for (int i = 0; i < t.length; i++) {
            DerivativeStructure pt = p[at(i, t[i])];
            s = s.add(pt.negate().add(1).pow(2).multiply(logp[at(i, t[i])]).negate());
        }
        return s.divide(t.length).multiply(dice());
    }

    /** [value, ∂/∂z_0, …]. */
    double[] flatten(DerivativeStructure l) {
        double[] out = new double[params + 1];
        out[0] = l.getValue();
        int[] orders = new int[params];
        for (int j = 0; j < params; j++) {
            orders[j] = 1;
            out[j + 1] = l.getPartialDerivative(orders);
            orders[j] = 0;
        }
        return out;
    }
}
