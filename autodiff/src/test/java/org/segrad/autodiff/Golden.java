package org.segrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the PyTorch golden fixtures written by src/test/python/make_golden.py. */
final class Golden {
    private final Map<String, Tensor> tensors;

    private Golden(Map<String, Tensor> tensors) {
        this.tensors = tensors;
    }

    static Golden load(String resource) throws IOException {
        Map<String, Tensor> map = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Golden.class.getResourceAsStream("/golden/" + resource), StandardCharsets.UTF_8))) {
            String header;
            while ((header = r.readLine()) != null) {
                String[] h = header.trim().split(" ");
                int[] shape = Arrays.stream(h).skip(1).mapToInt(Integer::parseInt).toArray();
                String values = r.readLine().trim();
                double[] v = values.isEmpty() ? new double[0] : Arrays.stream(values.split(" ")).mapToDouble(Double::parseDouble).toArray();
                map.put(h[0], Tensor.fromArray(v, shape));
            }
        }
        return new Golden(map);
    }

    /** A fresh FLOAT64 leaf copy that requires grad. */
    Tensor leaf(String name) {
        return get(name).copy().requiresGrad(true);
    }

    Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("golden fixture has no tensor '" + name + "'");
        return t;
    }

    /** Asserts same shape and |actual − expected| ≤ tol·(1 + |expected|) elementwise. */
    void assertClose(String name, Tensor actual, double tol) {
        Tensor expected = get(name);
        assertArrayEquals(expected.shape(), actual.shape(), name + " shape");
        for (int i = 0; i < expected.numel(); i++) {
            double e = expected.get(i), a = actual.get(i);
            assertTrue(Math.abs(a - e) <= tol * (1 + Math.abs(e)), name + "[" + i + "]: segrad " + a + " vs PyTorch " + e);
        }
    }
}
