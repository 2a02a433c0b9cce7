package org.segrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;
import org.segrad.nn.Parameter;
import org.segrad.nn.ParityFixture;

/**
 * Optimizers, LR schedules and gradient clipping against trajectories recorded by PyTorch in float64
 * ({@code make_unet_fixture.py generate} → parity/optim.*).
 */
class OptimizerParityTest {
    static ParityFixture fx;

    @BeforeAll
    static void load() throws IOException {
        fx = new ParityFixture("optim");
    }

    static void checkTrajectory(String name, Function<List<Parameter>, Optimizer> make) {
        Parameter p = new Parameter(fx.get("p0").copy());
        Optimizer opt = make.apply(List.of(p));
        for (int i = 0; i < 6; i++) {
            p.data().setGrad(fx.get("g" + i).copy());
            opt.step();
            double err = ParityFixture.relativeError(p.data(), fx.get(name + "/step" + i));
            assertTrue(err <= 1e-12, name + " step " + i + ": relative error " + err);
        }
        opt.zeroGrad();
        assertNull(p.grad());
        double[] before = p.data().toDoubleArray();
        opt.step();
        assertEquals(before[0], p.data().get(0), "a parameter without a gradient is not updated");
    }

    @Test
    void sgdVariants() {
        checkTrajectory("sgd", ps -> new SGD(ps, 0.1));
        checkTrajectory("sgd_momentum", ps -> new SGD(ps, 0.1, 0.9, 0.1, 0.01, false));
        checkTrajectory("sgd_nesterov", ps -> new SGD(ps, 0.1, 0.9, 0, 0.01, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SGD(List.of(new Parameter(Tensor.zeros(DType.FLOAT64, 1))), 0.1, 0.9, 0.5, 0, true));
        assertTrue(e.getMessage().contains("dampening 0.5"), e.getMessage());
    }

    @Test
    void adamAndAdamW() {
        checkTrajectory("adam", ps -> new Adam(ps, 0.01, 0.8, 0.99, 1e-6, 0.01, false));
        checkTrajectory("adam_amsgrad", ps -> new Adam(ps, 0.01, 0.9, 0.999, 1e-8, 0, true));
        checkTrajectory("adamw", ps -> new AdamW(ps, 0.01, 0.9, 0.999, 1e-8, 0.1, false));
        checkTrajectory("adamw_amsgrad", ps -> new AdamW(ps, 0.01, 0.9, 0.999, 1e-8, 0.1, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(List.of(new Parameter(Tensor.zeros(DType.FLOAT64, 1))), 0.1, 1.0, 0.999, 1e-8, 0, false));
        assertTrue(e.getMessage().contains("beta1") && e.getMessage().contains("1.0"), e.getMessage());
    }

    @Test
    void schedulesMatchTorch() {
        for (String name : List.of("step", "cosine", "poly")) {
            Optimizer opt = new SGD(List.of(new Parameter(Tensor.zeros(DType.FLOAT64, 1))), 0.1);
            LrScheduler s = switch (name) {
                case "step" -> LrScheduler.step(opt, 3, 0.5);
                case "cosine" -> LrScheduler.cosine(opt, 10, 1e-4);
                default -> LrScheduler.poly(opt, 10);
            };
            Tensor expected = fx.get("lr/" + name);
            for (int e = 0; e < expected.numel(); e++) {
                assertEquals(expected.get(e), opt.lr(), 1e-12, name + " at epoch " + e);
                assertEquals(opt.lr(), s.lrAt(e), 0.0);
                s.step();
            }
        }
    }

    @Test
    void clipGradNormMatchesTorch() {
        for (String tag : List.of("l2", "inf")) {
            Parameter a = new Parameter(Tensor.zeros(DType.FLOAT64, 3, 2)), b = new Parameter(Tensor.zeros(DType.FLOAT64, 4));
            Parameter none = new Parameter(Tensor.zeros(DType.FLOAT64, 2));
            a.data().setGrad(fx.get("clip/" + tag + "/before0").copy());
            b.data().setGrad(fx.get("clip/" + tag + "/before1").copy());
            double total = GradClip.clipGradNorm(List.of(a, none, b), 1.5, tag.equals("l2") ? 2.0 : Double.POSITIVE_INFINITY, false);
            assertEquals(fx.get("clip/" + tag + "/total").item(), total, 1e-12 * total, tag);
            assertTrue(ParityFixture.relativeError(a.grad(), fx.get("clip/" + tag + "/after0")) <= 1e-12, tag);
            assertTrue(ParityFixture.relativeError(b.grad(), fx.get("clip/" + tag + "/after1")) <= 1e-12, tag);
            assertNull(none.grad());
        }
        Parameter small = new Parameter(Tensor.zeros(DType.FLOAT64, 2));
        small.data().setGrad(Tensor.of(DType.FLOAT64, new double[] {0.3, 0.4}, 2));
        assertEquals(0.5, GradClip.clipGradNorm(List.of(small), 1.0), 1e-15);
        assertEquals(0.3, small.grad().get(0), 0.0, "below the bound nothing changes");
        small.data().setGrad(Tensor.of(DType.FLOAT64, new double[] {Double.NaN, 1}, 2));
        assertThrows(ArithmeticException.class, () -> GradClip.clipGradNorm(List.of(small), 1.0, 2.0, true));
    }
}
