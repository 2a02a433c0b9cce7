package org.segrad.losses;

import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * An independent forward-mode implementation of every loss on commons-math3 {@link DerivativeStructure}s, written
 * straight from the formulas of SPEC §4 / docs/losses.md with plain loops (no tensors, no tape), as a gradient
 * oracle for small inputs: one DerivativeStructure variable per logit.
 */
final class DsReference {
    private static final double FLOOR = FocalLoss.FLOOR;
    private final Flat o;
    private final int n, cls, hw, params;
    private final int[] ids; // −1 = ignored
    private final DerivativeStructure[] p, logp;

    private DsReference(LossCase c) {
        o = new Flat(LossOptions.parse(c.loss(), c.options()));
        n = c.shape()[0];
        cls = c.shape()[1];
        hw = c.shape()[2] * c.shape()[3];
        params = c.logits().length;
        ids = new int[n * hw];
        for (int i = 0; i < ids.length; i++) {
            int v = (int) c.labels()[i];
            ids[i] = o.ignoreIndex != LossOptions.NO_IGNORE && v == o.ignoreIndex ? -1 : v;
        }
        p = new DerivativeStructure[params];
        logp = new DerivativeStructure[params];
        for (int i = 0; i < n * hw; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < cls; k++) max = Math.max(max, c.logits()[at(i, k)]);
            DerivativeStructure sum = constant(0);
            DerivativeStructure[] shifted = new DerivativeStructure[cls];
            for (int k = 0; k < cls; k++) {
                shifted[k] = new DerivativeStructure(params, 1, at(i, k), c.logits()[at(i, k)]).subtract(max);
                sum = sum.add(shifted[k].exp());
            }
            for (int k = 0; k < cls; k++) {
                p[at(i, k)] = shifted[k].exp().divide(sum);
                logp[at(i, k)] = shifted[k].subtract(sum.log());
            }
        }
    }

    /** The parsed options as flat values (defaults where a loss has no such term). */
    private static final class Flat {
        final int ignoreIndex;
        final boolean squared, includeBackground, detach;
        final double lambda, tverskyAlpha, tverskyBeta, smoothNr, smoothDr, gamma, camlAlpha;
        final double[] weights, focalAlpha;
        final LossOptions.Reduce reduce;
        final LossOptions.Empty empty;
        final LossOptions.Confidence confidence;
        final LossOptions.Granularity granularity;

        Flat(LossOptions p) {
            OverlapOptions ov = p.overlap != null ? p.overlap : OverlapOptions.of(new OptionValues(p.loss(), java.util.Map.of()), false);
            ignoreIndex = p.ce != null ? p.ce.ignoreIndex() : p.focal != null ? p.focal.ignoreIndex() : ov.ignoreIndex();
            squared = ov.squared();
            includeBackground = ov.includeBackground();
            reduce = ov.reduce();
            empty = ov.empty();
            smoothNr = ov.smoothNr();
            smoothDr = ov.smoothDr();
            tverskyAlpha = ov.alpha();
            tverskyBeta = ov.beta();
            lambda = p.lambda;
            weights = p.ce != null ? p.ce.weights() : null;
            gamma = p.focal != null ? p.focal.gamma() : 2;
            focalAlpha = p.focal != null ? p.focal.alpha() : null;
            confidence = p.caml != null ? p.caml.confidence() : LossOptions.Confidence.TRUE_CLASS;
            granularity = p.caml != null ? p.caml.granularity() : LossOptions.Granularity.BATCH;
            detach = p.caml == null || p.caml.detach();
            camlAlpha = p.caml != null ? p.caml.alpha() : Double.NaN;
        }
    }

    /** The loss of the case with its gradient: [value, ∂L/∂z_0, …]. */
    static double[] evaluate(LossCase c) {
        DsReference r = new DsReference(c);
        DerivativeStructure l = r.loss(c.loss());
        double[] out = new double[r.params + 1];
        out[0] = l.getValue();
        int[] orders = new int[r.params];
        for (int j = 0; j < r.params; j++) {
            orders[j] = 1;
            out[j + 1] = l.getPartialDerivative(orders);
            orders[j] = 0;
        }
        return out;
    }

    private int at(int i, int k) {
        return ((i / hw) * cls + k) * hw + i % hw;
    }

    private DerivativeStructure constant(double v) {
        return new DerivativeStructure(params, 1, v);
    }

    private static DerivativeStructure floor(DerivativeStructure x) {
        return x.getValue() < FLOOR ? new DerivativeStructure(x.getFreeParameters(), 1, FLOOR) : x;
    }

    private DerivativeStructure loss(String name) {
        return switch (name) {
            case "ce" -> ce();
            case "dice" -> overlap(2, 0, 1, 1, o.squared);
            case "ce+dice" -> ce().add(overlap(2, 0, 1, 1, o.squared).multiply(o.lambda));
            case "focal" -> focal();
            case "tversky" -> overlap(1, 1 - o.tverskyAlpha - o.tverskyBeta, o.tverskyAlpha, o.tverskyBeta, false);
            case "ml" -> overlap(2, 0, 1, 1, o.squared).multiply(ce());
            case "caml" -> caml();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private double weight(double[] w, int c) {
        return w == null ? 1 : w.length == 1 ? w[0] : w[c];
    }

    private DerivativeStructure ce() {
        DerivativeStructure s = constant(0);
        double total = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0) continue;
            double w = weight(o.weights, ids[i]);
            s = s.subtract(logp[at(i, ids[i])].multiply(w));
            total += w;
        }
        return total == 0 ? constant(0) : s.divide(total);
    }

    /** (k·TP + s_nr) / (e·TP + a·P + b·G + s_dr) per unit and class, 1 − mean over the kept pairs. */
    private DerivativeStructure overlap(double k, double e, double a, double b, boolean squared) {
        int units = o.reduce == LossOptions.Reduce.BATCH ? 1 : n;
        DerivativeStructure sum = constant(0);
        int kept = 0;
        for (int u = 0; u < units; u++) {
            for (int c = 0; c < cls; c++) {
                DerivativeStructure tp = constant(0), pp = constant(0);
                double g = 0;
                for (int i = 0; i < ids.length; i++) {
                    if (ids[i] < 0 || (units > 1 && i / hw != u)) continue;
                    DerivativeStructure pc = p[at(i, c)];
                    pp = pp.add(squared ? pc.multiply(pc) : pc);
                    if (ids[i] == c) {
                        tp = tp.add(pc);
                        g += 1;
                    }
                }
                if (!o.includeBackground && c == 0) continue;
                if (o.empty == LossOptions.Empty.SKIP && g == 0) continue;
                DerivativeStructure den = tp.multiply(e).add(pp.multiply(a)).add(b * g + o.smoothDr);
                DerivativeStructure r = den.getValue() == 0 ? constant(g == 0 ? 0 : 1) : tp.multiply(k).add(o.smoothNr).divide(den);
                sum = sum.add(r);
                kept++;
            }
        }
        return kept == 0 ? constant(0) : sum.divide(kept).negate().add(1);
    }

    private DerivativeStructure otherMass(int i, int k) {
        DerivativeStructure s = constant(0);
        for (int c = 0; c < cls; c++) if (c != k) s = s.add(p[at(i, c)]);
        return s;
    }

    private DerivativeStructure focal() {
        DerivativeStructure s = constant(0);
        int m = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0) continue;
            m++;
            DerivativeStructure ell = logp[at(i, ids[i])].negate();
            DerivativeStructure mod = o.gamma == 0 ? constant(1) : floor(otherMass(i, ids[i])).pow(o.gamma);
            s = s.add(mod.multiply(ell).multiply(weight(o.focalAlpha, ids[i])));
        }
        return m == 0 ? constant(0) : s.divide(m);
    }

    private int confidenceClass(int i) {
        if (o.confidence == LossOptions.Confidence.TRUE_CLASS) return ids[i];
        int best = 0;
        for (int c = 1; c < cls; c++) if (p[at(i, c)].getValue() > p[at(i, best)].getValue()) best = c;
        return best;
    }

    private DerivativeStructure alpha(DerivativeStructure base, DerivativeStructure d) {
        if (!Double.isNaN(o.camlAlpha)) return constant(o.camlAlpha);
        DerivativeStructure alpha = floor(base).pow(d);
        return o.detach ? constant(alpha.getValue()) : alpha;
    }

    private DerivativeStructure caml() {
        double total = 0;
        int m = 0;
        for (int id : ids) {
            if (id < 0) continue;
            m++;
            total += weight(o.weights, id);
        }
        if (m == 0 || total == 0) return constant(0);
        DerivativeStructure ld = overlap(2, 0, 1, 1, o.squared);
        DerivativeStructure d = ld.negate().add(1);
        if (o.granularity == LossOptions.Granularity.BATCH) {
            DerivativeStructure ubar = constant(0);
            for (int i = 0; i < ids.length; i++) if (ids[i] >= 0) ubar = ubar.add(otherMass(i, confidenceClass(i)));
            DerivativeStructure alpha = alpha(ubar.divide(m), d);
            return ld.multiply(floor(ce()).pow(alpha));
        }
        DerivativeStructure a = constant(0);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0) continue;
            DerivativeStructure alpha = alpha(otherMass(i, confidenceClass(i)), d);
            a = a.add(floor(logp[at(i, ids[i])].negate()).pow(alpha).multiply(weight(o.weights, ids[i])));
        }
        return ld.multiply(a.divide(total));
    }
}
