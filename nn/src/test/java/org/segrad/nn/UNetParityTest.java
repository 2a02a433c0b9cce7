package org.segrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.Autograd;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;
import org.segrad.nn.optim.Adam;

/**
 * Parity with PyTorch on the fixture U-Net (base 4, depth 3, input 2×1×16×16, 2 classes; regenerate with
 * {@code /usr/bin/python3 nn/src/test/python/make_unet_fixture.py generate}): logits, cross-entropy, every parameter
 * gradient, every parameter and buffer after one Adam step, eval-mode logits after it, in float32 (≤ 1e-4 relative) and float64 (≤ 1e-9).
 * Errors are max |segrad − torch| / max |torch| per tensor.
 */
class UNetParityTest {
    static ParityFixture fx;

    @BeforeAll
    static void load() throws IOException {
        fx = new ParityFixture("unet");
    }

    /** The fixture model with PyTorch's initial weights, in {@code dtype}. */
    static UNet fixtureModel(DType dtype) {
        UNet m = new UNet(1, 2, 4, 3, 7L);
        m.loadStateDict(fx.under("init/"), true);
        m.to(dtype);
        return m;
    }

    /** Runs forward, backward and one Adam step; returns the largest relative error and fails above {@code tol}. */
    static double runAndCompare(DType dtype, double tol) {
        String tag = dtype == DType.FLOAT32 ? "f32/" : "f64/";
        UNet m = fixtureModel(dtype);
        Adam opt = new Adam(m.parameters(), 1e-3);
        Tensor x = fx.get("x").to(dtype);
        opt.zeroGrad();
        Tensor logits = m.forward(x);
        Tensor loss = CrossEntropy.mean(logits, fx.get("y"));
        loss.backward();
        LinkedHashMap<String, Double> errors = new LinkedHashMap<>();
        errors.put("logits", ParityFixture.relativeError(logits, fx.get(tag + "logits")));
        errors.put("loss", ParityFixture.relativeError(loss, fx.get(tag + "loss")));
        Map<String, Parameter> params = m.namedParameters();
        Map<String, Tensor> grads = fx.under(tag + "grad/");
        assertEquals(grads.keySet(), params.keySet());
        grads.forEach((k, g) -> errors.put("grad " + k, ParityFixture.relativeError(params.get(k).grad(), g)));
        opt.step();
        Map<String, Tensor> after = fx.under(tag + "after/");
        Map<String, Tensor> state = m.stateDict();
        assertEquals(new ArrayList<>(after.keySet()), new ArrayList<>(state.keySet()), "state-dict keys and order");
        // Adam's first step moves each weight by about lr·sign(g). Where PyTorch's gradient is itself within the
        // gradient tolerance of zero (|g| ≤ tol·max|g|, the same bound the gradients are checked to above), float32
        // rounding may legitimately pick the other sign: those elements are compared as if they had not moved.
        after.forEach((k, v) -> errors.put("after " + k, grads.containsKey(k)
                ? afterStepError(state.get(k), v, grads.get(k), tol)
                : ParityFixture.relativeError(state.get(k), v)));
        m.eval();
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            errors.put("eval logits", ParityFixture.relativeError(m.forward(x), fx.get(tag + "eval_logits")));
        }
        double worst = 0;
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Double> e : errors.entrySet()) {
            worst = Math.max(worst, e.getValue());
            if (!(e.getValue() <= tol)) bad.add(e.getKey() + " = " + e.getValue());
        }
        String worstKey = errors.entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey();
        System.out.printf("UNet parity %s: %d tensors, largest relative error %.3g (%s)%n", dtype, errors.size(), worst, worstKey);
        assertTrue(bad.isEmpty(), dtype + ": relative error above " + tol + ": " + bad);
        if (dtype == DType.FLOAT32) {
            // For the PyTorch side of the round trip: make_unet_fixture.py check <this file> (run by hand, not in CI).
            try {
                Path out = Path.of(System.getProperty("basedir", "."), "target", "roundtrip", "segrad_unet_adam1_f32.safetensors");
                Files.createDirectories(out.getParent());
                m.save(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return worst;
    }

    /**
     * Relative error of the stepped weights, except that elements whose PyTorch gradient is below the gradient
     * tolerance are measured from the un-stepped side: |actual − expected| minus the at most 2·lr of a flipped step.
     */
    static double afterStepError(Tensor actual, Tensor expected, Tensor torchGrad, double tol) {
        double gMax = 0, scale = 0, diff = 0;
        for (int i = 0; i < torchGrad.numel(); i++) gMax = Math.max(gMax, Math.abs(torchGrad.get(i)));
        for (int i = 0; i < expected.numel(); i++) scale = Math.max(scale, Math.abs(expected.get(i)));
        for (int i = 0; i < expected.numel(); i++) {
            double d = Math.abs(actual.get(i) - expected.get(i));
            if (Math.abs(torchGrad.get(i)) <= tol * gMax) d = Math.max(0, d - 2 * 1e-3 * (1 + 1e-6));
            diff = Math.max(diff, d);
        }
        return diff == 0 ? 0 : diff / Math.max(scale, Double.MIN_NORMAL);
    }

    @Test
    void float32MatchesPyTorch() {
        runAndCompare(DType.FLOAT32, 1e-4);
    }

    @Test
    void float64MatchesPyTorch() {
        runAndCompare(DType.FLOAT64, 1e-9);
    }

    @Test
    void stateDictNamesAndShapesEqualTheTwins() {
        UNet m = new UNet(1, 2, 4, 3);
        LinkedHashMap<String, Tensor> ours = m.stateDict();
        LinkedHashMap<String, Tensor> torch = fx.under("init/");
        assertEquals(new ArrayList<>(torch.keySet()), new ArrayList<>(ours.keySet()));
        torch.forEach((k, v) -> assertEquals(java.util.Arrays.toString(v.shape()), java.util.Arrays.toString(ours.get(k).shape()), k));
        for (String k : m.integerKeys()) assertEquals("I64", fx.type("init/" + k), k);
        assertEquals(m.integerKeys().size(), torch.keySet().stream().filter(k -> fx.type("init/" + k).equals("I64")).count());
    }

    @Test
    void parameterCountsEqualTheTwinsAtOtherSizes() {
        // From the PyTorch twin: sum(p.numel() for p in m.parameters()), len(m.state_dict()).
        UNet unetSmall = new UNet(1, 2, 16, 4);
        assertEquals(482466, unetSmall.parameterCount());
        assertEquals(92, unetSmall.stateDict().size());
        UNet wide = new UNet(3, 5, 8, 5);
        assertEquals(486589, wide.parameterCount());
        assertEquals(118, wide.stateDict().size());
    }
}
