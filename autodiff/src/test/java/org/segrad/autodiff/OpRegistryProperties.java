package org.segrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Every registered primitive passes GradCheck in float64 on random shapes, and float32 agrees with float64. */
class OpRegistryProperties {

    @Example
    void registryHoldsOneCasePerPrimitive() {
        EnumSet<Primitive> seen = EnumSet.noneOf(Primitive.class);
        for (OpCase c : OpRegistry.cases()) assertTrue(seen.add(c.op()), "duplicate case " + c.op());
        assertEquals(EnumSet.allOf(Primitive.class), seen);
        assertEquals(35, OpRegistry.cases().size(), "primitive count changed: update this number deliberately"); // 35: batch_norm2d_relu
    }

    @Property(tries = 1500)
    void everyOpPassesGradCheck(@ForAll Primitive op, @ForAll long seed) {
        GradCheck.Report rep = OpRegistry.get(op).check(seed);
        assertTrue(rep.passed(), rep::toString);
        assertTrue(!rep.inputs().isEmpty(), "no input was checked for " + op);
    }

    @Property(tries = 300)
    void float32ForwardAgreesWithFloat64(@ForAll Primitive op, @ForAll long seed) {
        OpCase.Sample s = OpRegistry.get(op).sampler().draw(new SplittableRandom(seed));
        Tensor[] in64 = s.inputs();
        Tensor[] in32 = new Tensor[in64.length];
        for (int i = 0; i < in64.length; i++) in32[i] = in64[i].to(DType.FLOAT32).detach();
        Tensor y64, y32;
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            y64 = s.fn().apply(in64);
            y32 = s.fn().apply(in32);
        }
        assertEquals(y64.numel(), y32.numel());
        for (int i = 0; i < y64.numel(); i++) {
            double a = y64.get(i), b = y32.get(i);
            // float32 inputs are rounded (rel 6e-8) and accumulations over ≤ 100 terms add ~1e-6 relative.
            assertTrue(Math.abs(a - b) <= 1e-5 * (1 + Math.abs(a)), op + " " + s.description() + " at " + i + ": " + a + " vs " + b);
        }
    }
}
