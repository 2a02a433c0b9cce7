package org.segrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.segrad.autodiff.Autograd;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;
import org.segrad.autodiff.Workspace;
import org.segrad.losses.Losses;
import org.segrad.losses.SegLoss;
import org.segrad.nn.UNet;
import org.segrad.nn.optim.Adam;
import org.segrad.nn.optim.GradClip;

/**
 * U-Net training steps inside a {@link Workspace} (every array pooled, so reused arrays hold the previous step's
 * numbers) give bit-identical losses, weights, batch-norm statistics and eval logits to the same steps without one,
 * for the composite cross-entropy and for fused losses with their own recorded gradient.
 */
class WorkspaceTrainingTest {
    /** Cross-entropy composed from recorded autodiff ops (the reference path). */
    private static final SegLoss COMPOSITE_CE = Losses.create("ce", Map.of());
    private record Run(List<Double> losses, Map<String, Tensor> state, double[] evalLogits, long[] lendings) {}

    private static Run train(String loss, Workspace ws) {
        UNet model = new UNet(1, 3, 4, 3, 11);
        Adam opt = new Adam(model.parameters(), 1e-2);
        SegLoss fused = loss.equals("composite") ? null : Losses.create(loss, Map.of());
        Tensor x = Tensor.normal(DType.FLOAT32, 5, 0, 1, 2, 1, 16, 16);
        Tensor y = Tensor.zeros(DType.FLOAT32, 2, 16, 16);
        for (int i = 0; i < y.numel(); i++) y.set(i, x.get(i) > 0.5 ? 2 : x.get(i) > -0.5 ? 1 : 0);
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < 4; step++) {
            Workspace.Scope scope = ws == null ? null : ws.open();
            try {
                opt.zeroGrad();
                Tensor logits = model.forward(x);
                Tensor l = fused == null ? COMPOSITE_CE.forward(logits, y) : fused.fused(logits, y);
                l.backward();
                GradClip.clipGradNorm(model.parameters(), 1.0);
                opt.step();
                losses.add(l.item());
            } finally {
                if (scope != null) scope.close();
            }
        }
        model.eval();
        double[] eval;
        Workspace.Scope scope = ws == null ? null : ws.open();
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            eval = model.forward(x).toDoubleArray();
        } finally {
            if (scope != null) scope.close();
        }
        return new Run(losses, model.stateDict(), eval, ws == null ? null : ws.lendings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"composite", "ce", "caml", "ml", "dice"})
    void trainingInAWorkspaceIsBitIdentical(String loss) {
        Run plain = train(loss, null);
        Run pooled = train(loss, new Workspace(1));
        assertEquals(plain.losses(), pooled.losses());
        assertEquals(plain.state().keySet(), pooled.state().keySet());
        for (String k : plain.state().keySet()) {
            assertArrayEquals(plain.state().get(k).toDoubleArray(), pooled.state().get(k).toDoubleArray(), 0.0, k);
        }
        assertArrayEquals(plain.evalLogits(), pooled.evalLogits(), 0.0);
        assertTrue(pooled.lendings()[0] > 3 * pooled.lendings()[1],
                "steps after the first should mostly reuse arrays: reused/new = " + pooled.lendings()[0] + "/" + pooled.lendings()[1]);
    }
}
