package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.GradCheck;
import org.segrad.autodiff.Tensor;

/**
 * Random loss expressions over every term and combinator: the analytic face equals the autodiff face, and the
 * autodiff face equals central differences where no detach(...) makes the gradient a surrogate's. Expressions are
 * drawn from a grammar that keeps every log and division argument positive (≥ 1 or a probability).
 */
class ExpressionProperties {

    @Property(tries = 400)
    void analyticEqualsAutodiff(@ForAll long seed) {
        Random r = new Random(seed);
        String expr = top(r, 3, true);
        LossCase c = batch(r, 25);
        SegLoss loss = Losses.create(expr, Map.of());
        LossValue auto = Grads.autodiff(loss, c.z(), c.y());
        // Nested powers of large logits can overflow float64 (e.g. a^(b^80)); neither face means anything there.
        Assume.that(Double.isFinite(auto.value()) && Grads.allFinite(auto.gradient()));
        LossValue ana = loss.analytic(c.z(), c.y());
        assertTrue(Grads.relValueError(ana.value(), auto.value()) <= 1e-10, () -> expr + " on " + c + ": " + ana.value() + " vs " + auto.value());
        double ge = Grads.relError(ana.gradient(), auto.gradient());
        // Random compositions of exp, log and powers are ill-conditioned (two evaluation orders differed by 8.4e-9 at
        // logit scale 18); a wrong rule gives errors of order 1.
        assertTrue(ge <= 1e-7, () -> expr + " on " + c + ": gradient error " + ge);
    }

    @Property(tries = 200)
    void autodiffEqualsCentralDifferences(@ForAll long seed) {
        Random r = new Random(seed);
        String expr = top(r, 3, false);
        LossCase c = batch(r, 2);
        SegLoss loss = Losses.create(expr, Map.of());
        // max_c p_c (pm, pmax) has a kink where two classes tie: a central difference across it measures neither side.
        Assume.that(!expr.contains("pm") || topTwoGap(c.z()) > 1e-4);
        Assume.that(finite(loss, c)); // nested powers can overflow float64: nothing to differentiate there
        Tensor y = c.y();
        GradCheck.Report rep = GradCheck.check(expr, in -> loss.forward(in[0], y), c.z().requiresGrad(true));
        assertTrue(rep.passed(), () -> c + ": " + rep);
    }

    @Property(tries = 200)
    void fusedBackwardIsTheAnalyticGradientAndFloat32AgreesWithFloat64(@ForAll long seed) {
        Random r = new Random(seed);
        String expr = top(r, 2, true);
        LossCase c = batch(r, 5);
        SegLoss loss = Losses.create(expr, Map.of());
        Assume.that(finite(loss, c));
        Tensor z = c.z().requiresGrad(true);
        Tensor l = loss.fused(z, c.y());
        l.mul(3.0).backward();
        LossValue a = loss.analytic(c.z(), c.y());
        assertTrue(a.value() == l.item(), expr);
        for (int i = 0; i < z.numel(); i++) assertTrue(3 * a.gradient().get(i) == z.grad().get(i), expr);
        Tensor z32 = c.z().to(DType.FLOAT32).detach().requiresGrad(true);
        Tensor l32 = loss.forward(z32, c.y());
        l32.backward();
        LossValue ref = loss.analytic(z32.to(DType.FLOAT64), c.y());
        assertTrue(Math.abs(ref.value() - l32.item()) <= 1e-3 * Math.max(1, Math.abs(ref.value())), () -> expr + ": " + l32.item() + " vs " + ref.value());
        assertTrue(z32.grad().dtype() == DType.FLOAT32, expr);
    }

    /** Whether the loss and its analytic gradient are finite on this case (random nested powers can overflow). */
    static boolean finite(SegLoss loss, LossCase c) {
        LossValue v = loss.analytic(c.z(), c.y());
        return Double.isFinite(v.value()) && Grads.allFinite(v.gradient());
    }

    /** The smallest gap between the two largest logits of any pixel (logits [N, C, H, W]; infinite for C = 1). */
    static double topTwoGap(Tensor z) {
        int n = z.dim(0), k = z.dim(1), plane = z.dim(2) * z.dim(3);
        double gap = Double.POSITIVE_INFINITY;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < plane; i++) {
                double first = Double.NEGATIVE_INFINITY, second = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double v = z.get((b * k + c) * plane + i);
                    if (v > first) {
                        second = first;
                        first = v;
                    } else if (v > second) {
                        second = v;
                    }
                }
                gap = Math.min(gap, first - second);
            }
        }
        return gap;
    }

    /** Logits of shape ≤ [2, 3, 3, 3] at a log-uniform scale in [1e-3, maxScale], no ignored pixels. */
    private static LossCase batch(Random r, double maxScale) {
        int[] shape = {1 + r.nextInt(2), 1 + r.nextInt(3), 1 + r.nextInt(3), 1 + r.nextInt(3)};
        return LossCase.withData(r, "ce", Map.of(), shape, Math.pow(10, -3 + r.nextDouble() * Math.log10(maxScale * 1e3)));
    }

    static String top(Random r, int depth, boolean detach) {
        return r.nextInt(4) == 0 ? nonNegative(r, depth, detach) + " - " + nonNegative(r, depth - 1, detach) : nonNegative(r, depth, detach);
    }

    private static final String[] SCALARS = {"ce", "dice", "tversky(alpha=0.3, beta=0.7)", "focal(gamma=2)", "pbar", "pmax",
        "dicecoef", "dice(reduce=image)", "ml", "caml(detach=false)", "caml(granularity=pixel, detach=false)"};

    private static String number(Random r) {
        return new String[] {"0.5", "2", "3", "1.5"}[r.nextInt(4)];
    }

    /** A scalar expression whose value is ≥ 0. */
    static String nonNegative(Random r, int depth, boolean detach) {
        if (depth <= 0) return r.nextInt(5) == 0 ? "mean(" + pixel(r, 0) + ")" : SCALARS[r.nextInt(SCALARS.length)];
        String a = nonNegative(r, depth - 1, detach), b = nonNegative(r, depth - 1, detach);
        return switch (r.nextInt(detach ? 11 : 10)) {
            case 0 -> "(" + a + " + " + b + ")";
            case 1 -> a + " * " + b;
            case 2 -> a + " / (1 + " + b + ")";
            case 3 -> "(" + a + ") ^ " + number(r);
            case 4 -> "(1 + " + a + ") ^ (" + b + ")";
            case 5 -> "log(1 + " + a + ")";
            case 6 -> "exp(-" + a + ")";
            case 7 -> "mean(" + pixel(r, depth - 1) + ")";
            case 8 -> number(r) + " * " + a;
            case 9 -> "mean(" + pixel(r, depth - 1) + " * " + a + ")";
            default -> "detach(" + a + ") * " + b;
        };
    }

    /** A per-pixel expression whose values are ≥ 0. */
    static String pixel(Random r, int depth) {
        String[] leaves = {"pt", "pm", "(1 - pt)", "-log(pt)", "(1 - pm)"};
        if (depth <= 0) return leaves[r.nextInt(leaves.length)];
        String a = pixel(r, depth - 1);
        return switch (r.nextInt(4)) {
            case 0 -> a + " * " + pixel(r, depth - 1);
            case 1 -> "(" + a + ") ^ " + number(r);
            case 2 -> "exp(-" + a + ")";
            default -> "(" + a + " + " + pixel(r, depth - 1) + ")";
        };
    }
}
