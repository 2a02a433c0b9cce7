package org.segrad.examples;

import java.util.Arrays;
import java.util.Locale;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.GradCheck;
import org.segrad.autodiff.ShapeOps;
import org.segrad.autodiff.Tensor;
import org.segrad.autodiff.Workspace;
import org.segrad.data.Batch;
import org.segrad.data.SyntheticCells;
import org.segrad.nn.UNet;
import org.segrad.nn.optim.Adam;
import org.segrad.nn.optim.Optimizer;

/**
 * Defines a segmentation loss from autodiff ops, checks its gradient against finite differences, and trains a
 * U-Net with it for a few steps. Any function built from recorded ops is differentiable: {@code backward()} needs
 * nothing more.
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "examples/target/segrad-examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*" \
 *      org.segrad.examples.CustomLoss [STEPS]
 * </pre>
 */
public final class CustomLoss {
    private CustomLoss() {}

    /** The gradient check and the loss after each training step. */
    public record Result(GradCheck.Report gradcheck, double[] losses) {}

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Result r = run(steps);
        System.out.println(r.gradcheck());
        System.out.printf(Locale.ROOT, "loss %.4f at step 1, %.4f at step %d%n", r.losses()[0], r.losses()[steps - 1], steps);
    }

    /**
     * Cross-entropy plus a soft Jaccard (IoU) loss:
     * L = −mean_pixels Σ_c y_c log p_c + 1 − mean_c (Σ p_c y_c + 1) / (Σ p_c + Σ y_c − Σ p_c y_c + 1),
     * with p = softmax(z) over the class axis, y the one-hot labels and the sums over the batch and all pixels.
     *
     * @param logits [N, C, H, W]
     * @param labels [N, H, W] class ids 0..C−1 (any dtype; they get no gradient)
     * @return a scalar tensor
     */
    public static Tensor ceJaccard(Tensor logits, Tensor labels) {
        int classes = logits.dim(1);
        Tensor y = ShapeOps.oneHot(labels, classes, logits.dtype());            // [N, C, H, W]
        Tensor logP = logits.logSoftmax(1);
        Tensor ce = logP.mul(y).sum().neg().div(labels.numel());

        int[] allButClasses = {0, 2, 3};
        Tensor p = logP.exp();                                                  // softmax, sharing the log-softmax
        Tensor intersection = p.mul(y).sum(allButClasses, false);               // [C]
        Tensor union = p.sum(allButClasses, false).add(y.sum(allButClasses, false)).sub(intersection);
        Tensor iou = intersection.add(1).div(union.add(1));                     // +1: an absent class scores 1
        return ce.add(iou.mean().neg().add(1));
    }

    /** Gradchecks {@link #ceJaccard}, then trains a small U-Net with it for {@code steps} Adam steps on one batch. */
    public static Result run(int steps) {
        // 1. The gradient check: float64 logits of 3 classes and random class ids (the labels get no gradient).
        Tensor z = Tensor.normal(DType.FLOAT64, 3, 0, 1, 2, 3, 4, 5).requiresGrad(true);
        Tensor labels = Tensor.uniform(DType.FLOAT64, 4, 0, 3, 2, 4, 5);
        for (int i = 0; i < labels.numel(); i++) labels.set(i, Math.floor(labels.get(i)));
        GradCheck.Report report = GradCheck.assertGradients("ce+jaccard", in -> ceJaccard(in[0], in[1]), z, labels);

        // 2. Training: one batch of synthetic cells, as tensors [N, 1, H, W] and [N, H, W].
        Batch batch = Batch.of(SyntheticCells.defaults().withCount(4).withSize(32, 32).generate().samples());
        Tensor x = Tensor.fromArray(batch.images(), batch.n(), batch.channels(), batch.h(), batch.w());
        Tensor y = Tensor.fromArray(Arrays.stream(batch.labels()).asDoubleStream().toArray(), batch.n(), batch.h(), batch.w());
        UNet model = new UNet(1, 2, 8, 3, 1L);
        Optimizer adam = new Adam(model.parameters(), 3e-3);

        double[] losses = new double[steps];
        Workspace workspace = new Workspace();                  // reuses op buffers from one step to the next
        model.train();
        for (int step = 0; step < steps; step++) {
            try (Workspace.Scope ignored = workspace.open()) {
                adam.zeroGrad();
                Tensor loss = ceJaccard(model.forward(x), y);
                loss.backward();
                adam.step();
                losses[step] = loss.item();                     // copy out what must outlive the scope
            }
        }
        return new Result(report, losses);
    }
}
