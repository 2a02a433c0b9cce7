package org.segrad.nn;

import org.segrad.autodiff.Autograd;

/**
 * A thread-confined inference scope, like {@code torch.inference_mode()}: while it is open on a thread, every
 * {@link Module} forward run <em>by that thread</em> behaves as in eval mode ({@link Module#isTraining()} is false:
 * BatchNorm normalises with its running statistics and only reads them, Dropout is the identity) and records no
 * tape ({@link Autograd#noGrad()}). Nothing is written to any module: other threads keep the mode their modules have,
 * so one model can serve many inference threads while nothing else trains it.
 *
 * <pre>{@code
 * try (InferenceMode ignored = InferenceMode.enter()) {
 *     Tensor logits = model.forward(x);   // eval-mode forward; the model's own train/eval flag is untouched
 * }
 * }</pre>
 * Scopes nest (a counter per thread); close each on the thread that opened it.
 */
public final class InferenceMode implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final Autograd.NoGrad noGrad;
    private final Thread owner;
    private boolean closed;

    private InferenceMode() {
        owner = Thread.currentThread();
        noGrad = Autograd.noGrad();
        DEPTH.get()[0]++;
    }

    /** Opens a scope on this thread; use it with try-with-resources. */
    public static InferenceMode enter() {
        return new InferenceMode();
    }

    /** Whether an inference scope is open on the calling thread. */
    public static boolean isActive() {
        return DEPTH.get()[0] > 0;
    }

    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("InferenceMode closed on thread " + Thread.currentThread().getName()
                    + " but opened on " + owner.getName());
        }
        closed = true;
        DEPTH.get()[0]--;
        noGrad.close();
    }
}
