package org.segrad.losses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.GradCheck;
import org.segrad.autodiff.Tensor;

/**
 * The loss rows of {@code segrad gradcheck}: every loss at its defaults and the option variants that change its
 * mathematics, each checked on a seeded random batch [2, 3, 3, 2] (class 2 absent from some draws) by GradCheck
 * (autodiff vs central differences) and by the distance between the analytic and the autodiff gradient. CAML rows
 * use {@code detach=false}: with a stop-gradient on α the gradient is by design not the derivative of the value.
 */
public final class LossChecks {
    private LossChecks() {}

    /** One checked variant. */
    public record Variant(String name, Map<String, String> options) {
        /** {@code name} or {@code name{key=value,…}}. */
        public String label() {
            if (options.isEmpty()) return name;
            StringBuilder sb = new StringBuilder(name).append('{');
            options.forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '{' ? "" : ",").append(k).append('=').append(v));
            return sb.append('}').toString();
        }
    }

    /** GradCheck's report and max|analytic − autodiff| / max(max|autodiff|, 1e-5). */
    public record Result(GradCheck.Report finiteDifferences, double analyticError) {}

    public static List<Variant> variants() {
        List<Variant> v = new ArrayList<>();
        for (String name : Losses.names()) v.add(new Variant(name, name.equals("caml") ? Map.of("detach", "false") : Map.of()));
        v.add(new Variant("ce", ordered("weights", "0.5,1,2", "ignore-index", "255")));
        v.add(new Variant("dice", ordered("squared", "true", "reduce", "image", "empty", "include")));
        v.add(new Variant("dice", ordered("include-background", "false", "smooth-nr", "1e-5", "smooth-dr", "1e-5")));
        v.add(new Variant("focal", ordered("gamma", "0.5", "alpha", "0.25,0.5,1")));
        v.add(new Variant("tversky", ordered("alpha", "0.3", "beta", "0.7")));
        v.add(new Variant("caml", ordered("detach", "false", "granularity", "pixel")));
        v.add(new Variant("caml", ordered("detach", "false", "confidence", "max", "reduce", "image")));
        return v;
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    /** Checks {@code v} on the batch drawn from {@code seed}. */
    public static Result check(Variant v, long seed) {
        return check(Losses.create(v.name(), v.options()), v.label(), v.options().containsKey("ignore-index"), seed);
    }

    /**
     * Checks a loss name or loss expression with {@code options} on the batches drawn from seeds 0..{@code seeds}−1:
     * analytic = autodiff (normwise) and autodiff = central differences (GradCheck), one result per seed. A
     * {@code detach(...)} makes the autodiff gradient, by design, not the derivative of the value, so central
     * differences disagree with it there (as for CAML's default {@code detach=true}).
     */
    public static List<Result> checkExpression(String nameOrExpression, Map<String, String> options, int seeds) {
        SegLoss loss = Losses.create(nameOrExpression, options);
        List<Result> out = new ArrayList<>();
        for (long seed = 0; seed < seeds; seed++) out.add(check(loss, loss.name(), options.containsKey("ignore-index"), seed));
        return out;
    }

    /** Checks {@code loss} on the batch [2, 3, 3, 2] drawn from {@code seed} (labels 255 on some pixels if {@code ignore}). */
    public static Result check(SegLoss loss, String label, boolean ignore, long seed) {
        Random r = new Random(seed);
        int[] shape = {2, 3, 3, 2};
        double[] z = new double[2 * 3 * 3 * 2];
        for (int i = 0; i < z.length; i++) z[i] = 2 * r.nextGaussian();
        int classes = r.nextBoolean() ? 3 : 2; // sometimes class 2 is absent
        double[] y = new double[2 * 3 * 2];
        for (int i = 0; i < y.length; i++) y[i] = ignore && r.nextInt(6) == 0 ? 255 : r.nextInt(classes);
        Tensor labels = Tensor.fromArray(y, 2, 3, 2);
        GradCheck.Report rep = GradCheck.check(label, in -> loss.forward(in[0], labels),
                Tensor.fromArray(z.clone(), shape).requiresGrad(true));
        Tensor zz = Tensor.fromArray(z.clone(), shape).requiresGrad(true);
        loss.forward(zz, labels).backward();
        Tensor a = loss.analytic(Tensor.of(DType.FLOAT64, z, shape), labels).gradient();
        double diff = 0, scale = 0;
        for (int i = 0; i < z.length; i++) {
            diff = Math.max(diff, Math.abs(a.get(i) - zz.grad().get(i)));
            scale = Math.max(scale, Math.abs(zz.grad().get(i)));
        }
        return new Result(rep, diff / Math.max(scale, 1e-5));
    }
}
