package org.segrad.autodiff;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Composite expressions against values and gradients computed by PyTorch 1.13 in float64. */
class PyTorchGoldenTest {
    private static final double TOL = 1e-10;

    @Test
    void convNetWithBatchNormAndCrossEntropy() throws IOException {
        Golden g = Golden.load("conv_net.txt");
        Tensor x = g.leaf("x"), w1 = g.leaf("w1"), b1 = g.leaf("b1"), gamma = g.leaf("gamma"), beta = g.leaf("beta");
        Tensor w2 = g.leaf("w2"), b2 = g.leaf("b2");
        Tensor rm = Tensor.zeros(DType.FLOAT64, 3), rv = Tensor.ones(DType.FLOAT64, 3);
        Tensor h = Convolution.conv2d(x, w1, b1, 1, 1, 1);
        h = BatchNorm.batchNorm2d(h, gamma, beta, rm, rv, true, 0.1, 1e-5);
        h = Pooling.maxPool2d(h.relu(), 2, 2, 0);
        Tensor logits = Convolution.convTranspose2d(h, w2, b2, 2, 0, 0, 1);
        Tensor oneHot = ShapeOps.oneHot(g.get("labels"), 2, DType.FLOAT64);
        Tensor loss = oneHot.mul(logits.logSoftmax(1)).sum(new int[] {1}, false).mean().neg();
        loss.backward();
        g.assertClose("logits", logits, TOL);
        g.assertClose("loss", loss, TOL);
        g.assertClose("running_mean", rm, TOL);
        g.assertClose("running_var", rv, TOL);
        for (String name : new String[] {"x", "w1", "b1", "gamma", "beta", "w2", "b2"}) {
            Tensor leaf = switch (name) {
                case "x" -> x; case "w1" -> w1; case "b1" -> b1; case "gamma" -> gamma; case "beta" -> beta;
                case "w2" -> w2; default -> b2;
            };
            g.assertClose("grad_" + name, leaf.grad(), TOL);
        }
    }

    @Test
    void broadcastingElementwiseAndReductions() throws IOException {
        Golden g = Golden.load("elementwise.txt");
        Tensor a = g.leaf("a"), b = g.leaf("b"), c = g.leaf("c");
        Tensor y = a.sigmoid().mul(b.tanh()).div(a.exp().add(1.0)).add(c.log().pow(2)).sub(c.sqrt().mul(a.abs()));
        Tensor z = y.clamp(-0.5, 0.8).sum(new int[] {0, 2}, false)
                .add(y.mean(new int[] {2}, false).max(new int[] {0}, false))
                .add(y.relu().mean());
        Tensor loss = z.mul(Tensor.fromArray(new double[] {1, 2}, 2)).sum();
        loss.backward();
        g.assertClose("loss", loss, TOL);
        g.assertClose("grad_a", a.grad(), TOL);
        g.assertClose("grad_b", b.grad(), TOL);
        g.assertClose("grad_c", c.grad(), TOL);
    }

    @Test
    void shapesMatmulDilatedConvAndAvgPool() throws IOException {
        Golden g = Golden.load("shapes_matmul.txt");
        Tensor x = g.leaf("x"), w = g.leaf("w"), img = g.leaf("img"), k = g.leaf("k");
        Tensor h = ShapeOps.concat(2, ShapeOps.pad(x, new int[] {0, 0, 0, 0, 1, 0}, 0), ShapeOps.slice(x, 2, 0, 1));
        h = ShapeOps.slice(h.permute(1, 0, 2).reshape(3, 12), 1, 0, 4);
        Tensor m = x.matmul(w).softmax(-1);
        Tensor conv = Convolution.conv2d(img, k, null, 2, 1, 2);
        Tensor pooled = Pooling.avgPool2d(conv, 2, 1, 0);
        Tensor lin = Tensor.fromArray(new double[] {-1, -0.5, 0, 0.5, 1}, 5);
        Tensor loss = h.pow(2).sum().add(m.mul(lin).sum()).add(pooled.pow(3).mean());
        loss.backward();
        g.assertClose("loss", loss, TOL);
        g.assertClose("grad_x", x.grad(), TOL);
        g.assertClose("grad_w", w.grad(), TOL);
        g.assertClose("grad_img", img.grad(), TOL);
        g.assertClose("grad_k", k.grad(), TOL);
    }
}
