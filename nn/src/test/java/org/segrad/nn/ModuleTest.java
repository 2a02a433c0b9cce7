package org.segrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;

class ModuleTest {
    static Sequential small() {
        SplittableRandom rng = new SplittableRandom(1);
        return new Sequential(new Conv2d(1, 2, 3, 1, true, rng), new BatchNorm2d(2), new ReLU(),
                new Sequential(new Conv2d(2, 3, 1, 0, false, rng)));
    }

    @Test
    void dottedNamesFollowPyTorchOrder() {
        Sequential m = small();
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "3.0.weight"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of("1.running_mean", "1.running_var", "1.num_batches_tracked"), List.copyOf(m.namedBuffers().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked", "3.0.weight"), List.copyOf(m.stateDict().keySet()));
        assertEquals(List.of("", "0", "1", "2", "3", "3.0"), List.copyOf(m.namedModules().keySet()));
        assertEquals(List.of("1.num_batches_tracked"), m.integerKeys());
        assertEquals(1 * 2 * 9 + 2 + 2 + 2 + 2 * 3, m.parameterCount());
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Sequential m = small();
        assertTrue(m.namedModules().values().stream().allMatch(Module::isTraining));
        m.eval();
        assertTrue(m.namedModules().values().stream().noneMatch(Module::isTraining));
        m.train();
        assertTrue(m.namedModules().values().stream().allMatch(Module::isTraining));
    }

    @Test
    void stateDictIsASnapshotAndLoadsBack() {
        Sequential a = small(), b = new Sequential(new Conv2d(1, 2, 3, 1, true, new SplittableRandom(5)), new BatchNorm2d(2),
                new ReLU(), new Sequential(new Conv2d(2, 3, 1, 0, false, new SplittableRandom(6))));
        LinkedHashMap<String, Tensor> s = a.stateDict();
        Tensor w = a.namedParameters().get("0.weight").data();
        w.set(0, 42);
        assertFalse(s.get("0.weight").get(0) == 42, "a snapshot must not follow later changes");
        Tensor heldByOptimizer = b.namedParameters().get("0.weight").data();
        Module.LoadResult r = b.loadStateDict(s, true);
        assertTrue(r.missingKeys().isEmpty() && r.unexpectedKeys().isEmpty());
        assertSame(heldByOptimizer, b.namedParameters().get("0.weight").data(), "loading is in place");
        s.forEach((k, v) -> assertArrayEquals(v.toDoubleArray(), b.stateDict().get(k).toDoubleArray(), k));
    }

    @Test
    void loadErrorsNameMissingUnexpectedAndMisshapedKeysAndWriteNothing() {
        Sequential m = small();
        LinkedHashMap<String, Tensor> s = m.stateDict();
        double before = m.namedParameters().get("0.bias").data().get(0);
        s.remove("1.running_var");
        s.put("extra.weight", Tensor.zeros(DType.FLOAT32, 1));
        s.put("0.bias", Tensor.full(DType.FLOAT32, 9, 3));
        s.put("0.weight", Tensor.full(DType.FLOAT32, 9, 2, 1, 3, 3));
        StateDictException e = assertThrows(StateDictException.class, () -> m.loadStateDict(s, true));
        assertEquals(List.of("1.running_var"), e.missingKeys());
        assertEquals(List.of("extra.weight"), e.unexpectedKeys());
        assertEquals(List.of("0.bias: expected [2] but got [3]"), e.misshapedKeys());
        assertTrue(e.getMessage().contains("missing keys [1.running_var]") && e.getMessage().contains("unexpected keys [extra.weight]")
                && e.getMessage().contains("0.bias: expected [2] but got [3]"), e.getMessage());
        assertEquals(before, m.namedParameters().get("0.bias").data().get(0));
        assertFalse(m.namedParameters().get("0.weight").data().get(0) == 9, "nothing is written when a check fails");
        // Shape mismatches fail even when not strict; missing and unexpected keys are then only reported.
        assertThrows(StateDictException.class, () -> m.loadStateDict(s, false));
        s.remove("0.bias");
        Module.LoadResult r = m.loadStateDict(s, false);
        assertEquals(List.of("0.bias", "1.running_var"), r.missingKeys());
        assertEquals(List.of("extra.weight"), r.unexpectedKeys());
        assertEquals(9, m.namedParameters().get("0.weight").data().get(0));
    }

    @Test
    void toConvertsParametersAndFloatBuffersButKeepsIntegerBuffers() {
        Sequential m = small();
        LinkedHashMap<String, Tensor> s = m.stateDict();
        m.to(DType.FLOAT64);
        assertEquals(DType.FLOAT64, m.dtype());
        m.namedParameters().values().forEach(p -> assertTrue(p.data().requiresGrad() && p.data().isLeaf()));
        m.stateDict().forEach((k, v) -> {
            assertEquals(DType.FLOAT64, v.dtype(), k);
            assertArrayEquals(s.get(k).toDoubleArray(), v.toDoubleArray(), k);
        });
        m.to(DType.FLOAT32);
        assertEquals(DType.FLOAT64, m.namedBuffers().get("1.num_batches_tracked").data().dtype());
        assertEquals(DType.FLOAT32, m.namedBuffers().get("1.running_var").data().dtype());
    }

    @Test
    void zeroGradDropsEveryGradient() {
        Sequential m = small();
        m.forward(Tensor.normal(DType.FLOAT32, 3, 0, 1, 2, 1, 4, 4)).sum().backward();
        assertTrue(m.parameters().stream().allMatch(p -> p.grad() != null));
        m.zeroGrad();
        m.parameters().forEach(p -> assertNull(p.grad()));
    }

    @Test
    void registrationRejectsDuplicatesAndDots() {
        Module m = new Module() {
            {
                registerParameter("w", new Parameter(Tensor.zeros(DType.FLOAT32, 1)));
                assertThrows(IllegalArgumentException.class, () -> registerBuffer("w", new Buffer(Tensor.zeros(DType.FLOAT32, 1), false)));
                assertThrows(IllegalArgumentException.class, () -> registerModule("a.b", new ReLU()));
            }

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        };
        assertEquals(List.of("w"), List.copyOf(m.namedParameters().keySet()));
        assertThrows(IllegalArgumentException.class, () -> new Parameter(Tensor.ones(DType.FLOAT32, 1).requiresGrad(true).mul(2.0)));
    }
}
