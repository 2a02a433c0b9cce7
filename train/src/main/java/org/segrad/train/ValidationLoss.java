package org.segrad.train;

import org.segrad.autodiff.Autograd;
import org.segrad.autodiff.Device;
import org.segrad.autodiff.Tensor;
import org.segrad.autodiff.Workspace;
import org.segrad.data.Dataset;
import org.segrad.data.Geometry;
import org.segrad.data.Sample;
import org.segrad.losses.SegLoss;
import org.segrad.nn.Module;

/**
 * The training loss on a validation split, as PyTorch users compute it: model in eval mode (BatchNorm running
 * statistics, no dropout), no tape, no augmentation, each image reflect-padded to the input multiple like in training.
 *
 * <p>val_loss = (1/n) Σ_i L(f(x_i), y_i), one image per forward (images of a folder dataset may differ in size), so
 * for losses that reduce over the batch it is the mean of per-image values. The model's mode is restored afterwards.
 */
final class ValidationLoss {
    private final Workspace workspace = new Workspace();

    /** The mean per-image loss over {@code val}; NaN when it is empty. */
    double of(Module model, int inputMultiple, SegLoss loss, Dataset val) {
        if (val.size() == 0) return Double.NaN;
        boolean wasTraining = model.isTraining();
        model.eval();
        double sum = 0;
        try {
            for (int i = 0; i < val.size(); i++) {
                Sample s = Geometry.padToMultiple(val.get(i), inputMultiple);
                float[] lab = new float[s.mask().length];
                for (int j = 0; j < lab.length; j++) lab[j] = s.mask()[j];
                try (Workspace.Scope ignored = workspace.open(); Autograd.NoGrad off = Autograd.noGrad()) {
                    Device dev = model.device();
                    Tensor x = Tensor.fromArray(s.image().clone(), 1, s.channels(), s.h(), s.w()).to(dev);
                    sum += loss.fused(model.forward(x), Tensor.fromArray(lab, 1, s.h(), s.w()).to(dev)).item();
                }
            }
        } finally {
            if (wasTraining) model.train();
        }
        return sum / val.size();
    }
}
