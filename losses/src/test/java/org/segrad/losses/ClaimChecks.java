package org.segrad.losses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import net.jqwik.api.Assume;

/**
 * The predicates of the paper's claims (docs/claims.md), shared by {@link PaperClaimsProperties} and
 * {@link PaperClaimsCamlProperties}. A violated claim throws an AssertionError whose message names the pixel and
 * the two gradients, which jqwik reports with the shrunk batch.
 */
final class ClaimChecks {
    private ClaimChecks() {}

    /** The λ grid that {@code segrad compare} tunes CE+Dice over. */
    static final double[] LAMBDAS = {0.5, 1, 2};

    static SegLoss caml(String confidence, String granularity, String detach) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("confidence", confidence);
        m.put("granularity", granularity);
        m.put("detach", detach);
        return Losses.create("caml", m);
    }

    static Map<String, String> camlOptions(String confidence, String granularity, String detach) {
        return Map.of("confidence", confidence, "granularity", granularity, "detach", detach);
    }

    /** The baselines by name: ce, ml, or ce+dice at every λ of the tuning grid. */
    static List<Map.Entry<String, SegLoss>> baselines(String baseline) {
        List<Map.Entry<String, SegLoss>> out = new ArrayList<>();
        if (!baseline.equals("ce+dice")) {
            out.add(Map.entry(baseline, Losses.create(baseline, Map.of())));
        } else {
            for (double l : LAMBDAS) out.add(Map.entry("ce+dice λ=" + l, Losses.create("ce+dice", Map.of("lambda", String.valueOf(l)))));
        }
        return out;
    }

    /**
     * On every pixel whose p_t passes {@code which}, |∂L/∂z_t| is smaller (or larger) under {@code loss} than under
     * each baseline; batches without such a pixel are discarded.
     */
    static void compare(ClaimBatch b, String label, SegLoss loss, String baseline, DoublePredicate which, boolean smaller) {
        boolean any = false;
        for (double q : b.ptrue()) any |= which.test(q);
        Assume.that(any);
        double[] g = b.trueLogitGradients(loss);
        for (Map.Entry<String, SegLoss> base : baselines(baseline)) {
            double[] h = b.trueLogitGradients(base.getValue());
            for (int i = 0; i < b.size(); i++) {
                double q = b.ptrue().get(i);
                if (!which.test(q)) continue;
                boolean ok = smaller ? g[i] < h[i] : g[i] > h[i];
                if (!ok) {
                    throw new AssertionError(String.format(Locale.ROOT, "pixel %d (p_t = %.2f): |∂%s| = %.4g %s |∂%s| = %.4g", i, q, label,
                            g[i], smaller ? "≥" : "≤", base.getKey(), h[i]));
                }
            }
        }
    }

    /**
     * C4: ∂L_CAML = x ∂L_Dice + y ∂L_CE with x &gt; 0 and y ≥ 0 (CE+Dice at λ = y/x), to 1e-9 of max|∂L_CAML| (the
     * least-squares fit on the two directions; batches where they are parallel are discarded).
     */
    static void reweightedCeDice(ClaimBatch b, Map<String, String> reading) {
        double[] g = b.gradient("caml", reading), a = b.gradient("dice", Map.of()), c = b.gradient("ce", Map.of());
        double aa = 0, ac = 0, cc = 0, ga = 0, gc = 0, gmax = 0;
        for (int j = 0; j < g.length; j++) {
            aa += a[j] * a[j];
            ac += a[j] * c[j];
            cc += c[j] * c[j];
            ga += g[j] * a[j];
            gc += g[j] * c[j];
            gmax = Math.max(gmax, Math.abs(g[j]));
        }
        double det = aa * cc - ac * ac;
        Assume.that(det > 1e-12 * aa * cc && gmax > 0);
        double x = (ga * cc - gc * ac) / det, y = (gc * aa - ga * ac) / det, res = 0;
        for (int j = 0; j < g.length; j++) res = Math.max(res, Math.abs(g[j] - x * a[j] - y * c[j]));
        if (res > 1e-9 * gmax) {
            throw new AssertionError(String.format(Locale.ROOT, "∂caml is no combination of ∂dice and ∂ce: the best fit leaves %.3g of max |∂caml| = %.3g",
                    res / gmax, gmax));
        }
        if (!(x > 0) || !(y >= -1e-12 * Math.abs(x))) {
            throw new AssertionError(String.format(Locale.ROOT, "∂caml = x ∂dice + y ∂ce with x = %.4g, y = %.4g: λ = y/x = %.3g is no CE+Dice weight",
                    x, y, y / x));
        }
    }
}
