package org.segrad.train;

import org.segrad.autodiff.DType;
import org.segrad.autodiff.Device;
import org.segrad.autodiff.Tensor;
import org.segrad.autodiff.Workspace;
import org.segrad.data.Geometry;
import org.segrad.data.Sample;
import org.segrad.kernels.SoftmaxKernels;
import org.segrad.nn.InferenceMode;
import org.segrad.nn.Module;

/**
 * Thread-safe inference with a trained network: one {@code Inference} (and one model) may serve any number of
 * threads at once, each calling {@link #predict(Sample)}.
 *
 * <p>Why it is safe: the forward runs inside an {@link InferenceMode} scope on the calling thread, which makes it an
 * eval-mode forward without the tape and without touching the model's train/eval flag; in eval mode BatchNorm only
 * reads its running statistics, so no parameter or buffer is written. Op buffers come from a {@link Workspace} per
 * thread (a workspace serves one thread), kernel scratch buffers are per thread too. The model must not be trained or
 * reloaded while it serves: train a copy (see the README, "Embedding in a Java service").
 *
 * <p>Per image: reflect-pad to the model's input multiple ({@link Geometry#paddingFor}), forward, softmax over classes
 * p_k = exp(z_k − max z)/Σ_j exp(z_j − max z) (in double, stored as float), crop back; labels are the argmax of the
 * logits (first maximum on ties). With a {@link SlidingWindow}, images larger than one tile are predicted tile by
 * tile and blended (see there); an image that fits one tile takes the whole-image path, so the result is the same bits.
 * Results are deterministic: the same image gives the same bits on any thread, alone or beside others.
 */
public final class Inference {
    private final Module model;
    private final int multiple;
    private final SlidingWindow window;
    /** One workspace per thread (a workspace serves one thread at a time); pooled arrays stay with their thread. */
    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);

    /** Whole-image inference, padding to {@link Module#inputMultiple()}. */
    public Inference(Module model) {
        this(model, model.inputMultiple(), null);
    }

    /**
     * Inference padding to multiples of {@code inputMultiple}; {@code window} null for whole-image inference.
     *
     * @throws IllegalArgumentException if the multiple is < 1 or the tile is not a multiple of it
     */
    public Inference(Module model, int inputMultiple, SlidingWindow window) {
        if (inputMultiple < 1) throw new IllegalArgumentException("inputMultiple must be >= 1, got " + inputMultiple);
        if (window != null && window.tile() % inputMultiple != 0) {
            throw new IllegalArgumentException("--tile must be a multiple of the model's input multiple " + inputMultiple
                    + ", got " + window.tile());
        }
        this.model = model;
        this.multiple = inputMultiple;
        this.window = window;
    }

    /** The same model and multiple with sliding-window inference ({@code null}: whole images). */
    public Inference withWindow(SlidingWindow w) {
        return new Inference(model, multiple, w);
    }

    /** The model's input multiple this inference pads to. */
    public int inputMultiple() {
        return multiple;
    }

    /** Labels and probabilities of one image ({@code channels × h × w}); thread-safe. */
    public Prediction predict(Sample s) {
        Geometry.Padding pad = Geometry.paddingFor(s.h(), s.w(), multiple);
        if (window != null && !window.fitsOneTile(pad.paddedH(), pad.paddedW())) {
            return window.predict(this, s, pad);
        }
        float[] padded = Geometry.pad(s.image(), s.channels(), s.h(), s.w(), pad);
        int ph = pad.paddedH(), pw = pad.paddedW();
        Softmax out = forwardSoftmax(padded, s.channels(), ph, pw, true, true);
        if (pad.isNone()) return new Prediction(out.argmax(), out.p(), out.classes(), s.h(), s.w());
        return new Prediction(pad.cropBack(out.argmax()), pad.cropBack(out.p(), out.classes()), out.classes(), s.h(), s.w());
    }

    /**
     * Only the class map of one image (the labels of {@link #predict}, without computing the probabilities when the
     * image takes the whole-image path); thread-safe.
     */
    public int[] labels(Sample s) {
        Geometry.Padding pad = Geometry.paddingFor(s.h(), s.w(), multiple);
        if (window != null && !window.fitsOneTile(pad.paddedH(), pad.paddedW())) {
            return window.predict(this, s, pad).labels();
        }
        int[] best = forwardSoftmax(Geometry.pad(s.image(), s.channels(), s.h(), s.w(), pad), s.channels(),
                pad.paddedH(), pad.paddedW(), true, false).argmax();
        return pad.isNone() ? best : pad.cropBack(best);
    }

    /**
     * One eval-mode forward of a {@code channels × h × w} image (h, w multiples of the input multiple): the softmax
     * probabilities ({@code K × h × w}, with {@code probabilities}, else null) and, with {@code argmax}, the argmax of
     * the logits (else null). {@code image} is wrapped, not copied: pass an array nobody else holds.
     */
    Softmax forwardSoftmax(float[] image, int channels, int h, int w, boolean argmax, boolean probabilities) {
        Workspace ws = workspaces.get();
        try (InferenceMode ignored = InferenceMode.enter(); Workspace.Scope scope = ws.open()) {
            // On a device: one upload of the image, one download of the logits.
            Tensor logits = model.forward(Tensor.fromArray(image, 1, channels, h, w).to(model.device()));
            int k = logits.dim(1), hw = h * w;
            // The logits as float32 on the host (a float32 CPU model's own array; downloaded from a device).
            Object z = logits.to(Device.CPU).to(DType.FLOAT32).data();
            float[] p = probabilities ? new float[k * hw] : null;
            int[] best = argmax ? new int[hw] : null;
            if (argmax) SoftmaxKernels.argmax(z, 1, k, hw, best);
            if (probabilities) SoftmaxKernels.forward(z, 1, k, hw, null, p);
            return new Softmax(p, best, k);
        }
    }

    /** Softmax probabilities ({@code classes × h × w}, or null) of one forward and the logits' argmax (or null). */
    record Softmax(float[] p, int[] argmax, int classes) {}
}
