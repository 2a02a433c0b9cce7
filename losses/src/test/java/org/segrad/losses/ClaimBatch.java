package org.segrad.losses;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;

/**
 * A controlled random batch for the paper's claims: one row of n pixels and two classes, pixel i labelled i mod 2
 * (both classes present), whose logits (log q_i, log(1 − q_i)) give exactly the true-class probability q_i. jqwik
 * draws q from a mix of confident-correct (0.9 … 0.99), confident-wrong (0.01 … 0.1) and any (0.01 … 0.99) values
 * with two decimals, so that a shrunk counterexample reads as a short list of probabilities.
 */
record ClaimBatch(List<Double> ptrue) {

    static Arbitrary<ClaimBatch> arbitrary() {
        Arbitrary<Double> q = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.doubles().between(0.9, 0.99).ofScale(2)),
                Tuple.of(1, Arbitraries.doubles().between(0.01, 0.1).ofScale(2)),
                Tuple.of(1, Arbitraries.doubles().between(0.01, 0.99).ofScale(2)));
        return q.list().ofMinSize(2).ofMaxSize(12).map(ClaimBatch::new);
    }

    /** A batch whose every pixel has p_t in [lo, hi] (two decimals). */
    static Arbitrary<ClaimBatch> within(double lo, double hi) {
        return Arbitraries.doubles().between(lo, hi).ofScale(2).list().ofMinSize(2).ofMaxSize(12).map(ClaimBatch::new);
    }

    int size() {
        return ptrue.size();
    }

    int label(int i) {
        return i % 2;
    }

    Tensor logits() {
        int n = size();
        double[] z = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double q = ptrue.get(i);
            z[label(i) * n + i] = Math.log(q);
            z[(1 - label(i)) * n + i] = Math.log(1 - q);
        }
        return Tensor.of(DType.FLOAT64, z, 1, 2, 1, n);
    }

    Tensor labels() {
        double[] y = new double[size()];
        for (int i = 0; i < y.length; i++) y[i] = label(i);
        return Tensor.of(DType.FLOAT64, y, 1, 1, size());
    }

    /** |∂L/∂z_{i,t_i}| per pixel (analytic, float64). */
    double[] trueLogitGradients(SegLoss loss) {
        Tensor g = loss.analytic(logits(), labels()).gradient();
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) out[i] = Math.abs(g.get(label(i) * size() + i));
        return out;
    }

    /** The full gradient ∂L/∂z (analytic, float64). */
    double[] gradient(String loss, Map<String, String> options) {
        return Losses.create(loss, options).analytic(logits(), labels()).gradient().toDoubleArray();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("p_true = [");
        for (int i = 0; i < size(); i++) sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", ptrue.get(i)));
        return sb.append("], labels 0,1,0,…").toString();
    }
}
