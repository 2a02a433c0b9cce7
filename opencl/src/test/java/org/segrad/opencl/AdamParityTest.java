package org.segrad.opencl;

import static org.segrad.opencl.OpenClTestSupport.assertClose;
import static org.segrad.opencl.OpenClTestSupport.random;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.segrad.autodiff.Tensor;
import org.segrad.nn.Parameter;
import org.segrad.nn.optim.Adam;
import org.segrad.nn.optim.AdamW;
import org.segrad.nn.optim.Optimizer;

/** Three Adam / AdamW steps against {@code org.segrad.nn.optim} (whose state is float64; the device's is float32). */
class AdamParityTest {
    @ParameterizedTest(name = "decoupled={0}")
    @ValueSource(booleans = {false, true})
    void threeStepsMatchTheCpuOptimizer(boolean decoupled) {
        ClContext ctx = OpenClTestSupport.context();
        int n = 77;
        double lr = 1e-2, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.05;
        float[] w0 = random(120, n);
        Parameter p = new Parameter(Tensor.fromArray(w0.clone(), n));
        Optimizer cpu = decoupled ? new AdamW(List.of(p), lr, b1, b2, eps, wd, false) : new Adam(List.of(p), lr, b1, b2, eps, wd, false);
        try (BufferScope s = ctx.scope()) {
            ClBuffer w = s.upload(w0), m = s.floats(n), v = s.floats(n), g = s.floats(n);
            ClPointwise.fill(ctx, n, m, 0f);
            ClPointwise.fill(ctx, n, v, 0f);
            for (int t = 1; t <= 3; t++) {
                float[] grad = random(130 + t, n);
                p.data().setGrad(Tensor.fromArray(grad.clone(), n));
                cpu.step();
                g.write(grad);
                ClAdam.step(ctx, n, w, g, m, v, t, lr, b1, b2, eps, wd, decoupled);
            }
            assertClose((decoupled ? "AdamW" : "Adam") + " weights after 3 steps", p.data().toFloatArray(), w.readFloats());
        }
    }
}
