package org.segrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;
import org.segrad.nn.Parameter;

/** Resuming: optimizer state saved after k steps and restored into a fresh optimizer continues identically. */
class OptimizerStateTest {
    static List<Parameter> params() {
        return List.of(new Parameter(Tensor.normal(DType.FLOAT32, 1, 0, 1, 2, 3)), new Parameter(Tensor.normal(DType.FLOAT64, 2, 0, 1, 4)),
                new Parameter(Tensor.zeros(DType.FLOAT32, 2)));
    }

    /** Gradient of step k: a fixed function of the values, except the last parameter, which never gets one. */
    static void grads(List<Parameter> ps, int k) {
        for (int i = 0; i < 2; i++) {
            Tensor w = ps.get(i).data();
            Tensor g = Tensor.zeros(w.dtype(), w.shape());
            for (int j = 0; j < g.numel(); j++) g.set(j, Math.sin(3 * w.get(j) + k) + 0.1 * j);
            w.setGrad(g);
        }
    }

    static void resumesIdentically(Function<List<Parameter>, Optimizer> make) {
        List<Parameter> a = params();
        Optimizer oa = make.apply(a);
        for (int k = 0; k < 3; k++) {
            grads(a, k);
            oa.step();
        }
        LinkedHashMap<String, Tensor> snapshot = oa.stateDict();
        List<Tensor> weights = a.stream().map(p -> p.data().copy()).toList();
        for (int k = 3; k < 5; k++) {
            grads(a, k);
            oa.step();
        }
        List<Parameter> b = params();
        for (int i = 0; i < b.size(); i++) {
            for (int j = 0; j < weights.get(i).numel(); j++) b.get(i).data().set(j, weights.get(i).get(j));
        }
        Optimizer ob = make.apply(b);
        ob.loadStateDict(snapshot);
        assertEquals(3, ob.steps());
        for (int k = 3; k < 5; k++) {
            grads(b, k);
            ob.step();
        }
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).data().toDoubleArray(), b.get(i).data().toDoubleArray());
        assertTrue(snapshot.keySet().stream().noneMatch(k -> k.startsWith("state.2.")), "no state for a parameter never updated");
    }

    @Test
    void resumeSgdAdamAdamW() {
        resumesIdentically(ps -> new SGD(ps, 0.1, 0.9, 0.1, 0.01, false));
        resumesIdentically(ps -> new SGD(ps, 0.1));
        resumesIdentically(ps -> new Adam(ps, 0.01, 0.9, 0.99, 1e-8, 0.01, true));
        resumesIdentically(ps -> new AdamW(ps, 0.01));
    }

    @Test
    void badStateIsRejectedNamingTheKey() {
        Optimizer o = new Adam(params(), 0.01);
        grads(o.parameters(), 0);
        o.step();
        LinkedHashMap<String, Tensor> s = o.stateDict();
        assertEquals(List.of("lr", "steps", "state.0.exp_avg", "state.0.exp_avg_sq", "state.0.step", "state.1.exp_avg",
                "state.1.exp_avg_sq", "state.1.step"), List.copyOf(s.keySet()));
        LinkedHashMap<String, Tensor> bad = new LinkedHashMap<>(s);
        bad.put("state.7.exp_avg", Tensor.zeros(DType.FLOAT64, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(params(), 0.01).loadStateDict(bad));
        assertTrue(e.getMessage().contains("state.7.exp_avg"), e.getMessage());
        LinkedHashMap<String, Tensor> shortOne = new LinkedHashMap<>(s);
        shortOne.put("state.0.exp_avg", Tensor.zeros(DType.FLOAT64, 5));
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(params(), 0.01).loadStateDict(shortOne));
        assertTrue(e.getMessage().contains("'state.0.exp_avg' has 5 values but expected 6"), e.getMessage());
        LinkedHashMap<String, Tensor> missing = new LinkedHashMap<>(s);
        missing.remove("state.1.step");
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(params(), 0.01).loadStateDict(missing));
        assertTrue(e.getMessage().contains("missing key 'state.1.step'"), e.getMessage());
    }
}
