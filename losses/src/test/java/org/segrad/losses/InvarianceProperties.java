package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Symmetries: every loss is unchanged when the classes are renamed (logits, labels and per-class options permuted
 * together; class 0 stays in place when the background is excluded), and, with batch reduction, when the pixels of
 * the batch are shuffled; gradients move with them.
 */
class InvarianceProperties {

    @Property(tries = 300)
    void classPermutationInvariance(@ForAll long seed) {
        LossCase c = LossCase.drawResolved(seed);
        int cls = c.shape()[1];
        Random r = new Random(seed);
        List<Integer> perm = new ArrayList<>();
        for (int k = 0; k < cls; k++) perm.add(k);
        boolean fixBackground = "false".equals(c.options().get("include-background"));
        Collections.shuffle(fixBackground ? perm.subList(Math.min(1, cls), cls) : perm, r);
        int n = c.shape()[0], hw = c.shape()[2] * c.shape()[3];
        double[] z = new double[c.logits().length];
        double[] y = c.labels().clone();
        for (int b = 0; b < n; b++)
            for (int k = 0; k < cls; k++)
                for (int s = 0; s < hw; s++) z[(b * cls + perm.get(k)) * hw + s] = c.logits()[(b * cls + k) * hw + s];
        for (int i = 0; i < y.length; i++) if (y[i] != LossCase.IGNORE) y[i] = perm.get((int) y[i]);
        Map<String, String> opts = new java.util.LinkedHashMap<>(c.options());
        for (String key : new String[] {"weights", "alpha"}) {
            String v = opts.get(key);
            if (v == null || !v.contains(",")) continue;
            String[] parts = v.split(",");
            String[] moved = new String[parts.length];
            for (int k = 0; k < parts.length; k++) moved[perm.get(k)] = parts[k];
            opts.put(key, String.join(",", moved));
        }
        LossCase d = new LossCase(c.loss(), opts, c.shape(), z, y, c.scale());
        LossValue a = c.build().analytic(c.z(), c.y());
        LossValue b2 = d.build().analytic(d.z(), d.y());
        assertTrue(Grads.relValueError(b2.value(), a.value()) <= 1e-12, () -> c + ": " + a.value() + " vs " + b2.value());
        double[] back = new double[z.length];
        for (int b = 0; b < n; b++)
            for (int k = 0; k < cls; k++)
                for (int s = 0; s < hw; s++) back[(b * cls + k) * hw + s] = b2.gradient().get((b * cls + perm.get(k)) * hw + s);
        assertTrue(Grads.relError(back, a.gradient().toDoubleArray()) <= 1e-10, c::toString);
    }

    @Property(tries = 300)
    void pixelPermutationInvarianceWithBatchReduction(@ForAll long seed) {
        LossCase c = LossCase.drawResolved(seed);
        c.options().put("reduce", "batch");
        if (!Losses.allowedOptions(c.loss()).contains("reduce")) c.options().remove("reduce");
        int n = c.shape()[0], cls = c.shape()[1], hw = c.shape()[2] * c.shape()[3], m = n * hw;
        List<Integer> perm = new ArrayList<>();
        for (int i = 0; i < m; i++) perm.add(i);
        Collections.shuffle(perm, new Random(seed));
        double[] z = new double[c.logits().length];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            int j = perm.get(i);
            y[j] = c.labels()[i];
            for (int k = 0; k < cls; k++) z[at(j, k, cls, hw)] = c.logits()[at(i, k, cls, hw)];
        }
        LossCase d = new LossCase(c.loss(), c.options(), c.shape(), z, y, c.scale());
        LossValue a = c.build().analytic(c.z(), c.y());
        LossValue b = d.build().analytic(d.z(), d.y());
        assertTrue(Grads.relValueError(b.value(), a.value()) <= 1e-12, () -> c + ": " + a.value() + " vs " + b.value());
        double[] back = new double[z.length];
        for (int i = 0; i < m; i++)
            for (int k = 0; k < cls; k++) back[at(i, k, cls, hw)] = b.gradient().get(at(perm.get(i), k, cls, hw));
        assertTrue(Grads.relError(back, a.gradient().toDoubleArray()) <= 1e-10, c::toString);
    }

    private static int at(int i, int k, int cls, int hw) {
        return ((i / hw) * cls + k) * hw + i % hw;
    }
}
