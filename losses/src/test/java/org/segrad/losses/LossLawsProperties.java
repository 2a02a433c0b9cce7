package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;

/** Identities between losses, extreme logits, and the fused path, over random cases. */
class LossLawsProperties {

    private static LossCase as(LossCase c, String loss, Map<String, String> opts) {
        return new LossCase(loss, opts, c.shape(), c.logits(), c.labels(), c.scale());
    }

    private static void assertSame(LossCase a, LossCase b, double tol) {
        for (boolean composite : new boolean[] {false, true}) {
            LossValue va = composite ? Grads.autodiff(a.build(), a.z(), a.y()) : a.build().analytic(a.z(), a.y());
            LossValue vb = composite ? Grads.autodiff(b.build(), b.z(), b.y()) : b.build().analytic(b.z(), b.y());
            assertTrue(Grads.relValueError(va.value(), vb.value()) <= tol, () -> a + " vs " + b + ": " + va.value() + " vs " + vb.value());
            assertTrue(Grads.relError(va.gradient(), vb.gradient()) <= 100 * tol, () -> a + " vs " + b + ": gradients differ");
        }
    }

    @Property(tries = 300)
    void camlWithAlphaOneIsMl(@ForAll long seed) {
        LossCase c = LossCase.draw(seed, "caml", 4);
        Map<String, String> opts = new LinkedHashMap<>(c.options());
        opts.put("alpha", "1");
        Map<String, String> ml = new LinkedHashMap<>(c.options());
        ml.keySet().removeAll(java.util.List.of("alpha", "confidence", "granularity", "detach"));
        // ℓ_i below the floor ε = 1e-30 would count as ε: keep the scale where no pixel is that sure.
        LossCase mild = c.withLogits(scaled(c.logits(), 5 / Math.max(c.scale(), 5)));
        assertSame(as(mild, "caml", opts), as(mild, "ml", ml), 1e-12);
    }

    private static double[] scaled(double[] z, double s) {
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) out[i] = z[i] * s;
        return out;
    }

    @Property(tries = 300)
    void ceDiceWithLambdaZeroIsCe(@ForAll long seed) {
        LossCase c = LossCase.draw(seed, "ce+dice", 4);
        Map<String, String> opts = new LinkedHashMap<>(c.options());
        opts.put("lambda", "0");
        Map<String, String> ce = new LinkedHashMap<>();
        for (String k : new String[] {"weights", "ignore-index"}) if (c.options().containsKey(k)) ce.put(k, c.options().get(k));
        assertSame(as(c, "ce+dice", opts), as(c, "ce", ce), 1e-12);
    }

    @Property(tries = 300)
    void tverskyAtOneHalfIsDice(@ForAll long seed) {
        LossCase c = LossCase.draw(seed, "dice", 4);
        Map<String, String> dice = new LinkedHashMap<>(c.options());
        dice.keySet().removeAll(java.util.List.of("smooth-nr", "smooth-dr", "squared"));
        Map<String, String> tv = new LinkedHashMap<>(dice);
        tv.put("alpha", "0.5");
        tv.put("beta", "0.5");
        assertSame(as(c, "dice", dice), as(c, "tversky", tv), 1e-12);
    }

    @Property(tries = 300)
    void focalWithGammaZeroIsCe(@ForAll long seed) {
        LossCase c = LossCase.draw(seed, "focal", 4);
        Map<String, String> f = new LinkedHashMap<>();
        f.put("gamma", "0");
        Map<String, String> ce = new LinkedHashMap<>();
        if (c.options().containsKey("ignore-index")) {
            f.put("ignore-index", c.options().get("ignore-index"));
            ce.put("ignore-index", c.options().get("ignore-index"));
        }
        assertSame(as(c, "focal", f), as(c, "ce", ce), 1e-12);
    }

    @Property(tries = 300)
    void extremeLogitsGiveFiniteValuesAndGradients(@ForAll long seed) {
        LossCase c = LossCase.draw(seed);
        Random r = new Random(seed);
        double[] z = new double[c.logits().length];
        for (int i = 0; i < z.length; i++) z[i] = r.nextBoolean() ? 1e4 : -1e4;
        LossCase e = c.withLogits(z);
        SegLoss loss = e.build();
        LossValue a = loss.analytic(e.z(), e.y());
        LossValue d = Grads.autodiff(loss, e.z(), e.y());
        assertTrue(Double.isFinite(a.value()) && Grads.allFinite(a.gradient()), () -> e + ": analytic " + a.value());
        assertTrue(Double.isFinite(d.value()) && Grads.allFinite(d.gradient()), () -> e + ": autodiff " + d.value());
        assertEquals(a.value(), d.value(), 1e-9 * Math.max(1, Math.abs(a.value())), e::toString);
    }

    @Property(tries = 300)
    void fusedBackwardIsTheAnalyticGradient(@ForAll long seed) {
        LossCase c = LossCase.draw(seed);
        SegLoss loss = c.build();
        Tensor z = c.z().requiresGrad(true);
        Tensor l = loss.fused(z, c.y());
        l.mul(3.0).backward();
        LossValue a = loss.analytic(c.z(), c.y());
        assertEquals(a.value(), l.item(), 0.0);
        for (int i = 0; i < z.numel(); i++) assertEquals(3 * a.gradient().get(i), z.grad().get(i), 0.0);
    }

    /** ce's own one-pass fused kernel gives the analytic value and gradient rounded once to float32, bit for bit. */
    @Property(tries = 300)
    void fusedCeInFloat32IsTheAnalyticPathRounded(@ForAll long seed) {
        LossCase c = LossCase.draw(seed, "ce", 4);
        SegLoss loss = c.build();
        Tensor z32 = c.z().to(DType.FLOAT32).detach().requiresGrad(true);
        Tensor l = loss.fused(z32, c.y());
        l.mul(3.0).backward();
        LossValue a = loss.analytic(z32.detach(), c.y());
        assertEquals((float) a.value(), (float) l.item(), 0f, c::toString);
        for (int i = 0; i < z32.numel(); i++) {
            float g = (float) a.gradient().get(i);
            assertEquals((float) (3.0 * g), (float) z32.grad().get(i), 0f, c::toString);
        }
    }

    @Property(tries = 300)
    void float32LogitsAgreeWithFloat64(@ForAll long seed) {
        LossCase c = LossCase.draw(seed);
        SegLoss loss = c.build();
        Tensor z32 = c.z().to(DType.FLOAT32).detach().requiresGrad(true);
        Tensor l = loss.forward(z32, c.y());
        l.backward();
        assertEquals(DType.FLOAT32, l.dtype());
        assertEquals(DType.FLOAT32, z32.grad().dtype());
        LossValue ref = loss.analytic(z32.to(DType.FLOAT64), c.y());
        assertEquals(ref.value(), l.item(), 1e-3 * Math.max(1, Math.abs(ref.value())), c::toString);
        assertEquals(DType.FLOAT32, loss.fused(z32.detach(), c.y()).dtype());
    }
}
