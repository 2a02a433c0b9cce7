package org.segrad.opencl;

import java.lang.ref.Cleaner;
import org.segrad.autodiff.Backend;
import org.segrad.autodiff.DeviceArray;

/**
 * A tensor's storage on an OpenCL device: one {@link ClBuffer} owned by a {@link ClBackend}. {@link #release()} frees
 * it at once (on the thread that uses the backend); an array that becomes unreachable without being released is
 * queued by a {@link Cleaner} and freed by the backend's next allocation on its own thread (the context's
 * bookkeeping is single-threaded).
 */
final class ClArray implements DeviceArray {
    private final ClBackend backend;
    private final State state;
    private final Cleaner.Cleanable cleanable;

    /** What the cleaner may touch: never the ClArray itself. */
    static final class State implements Runnable {
        final ClBuffer buffer;
        private final ClBackend backend;
        volatile boolean released;

        State(ClBuffer buffer, ClBackend backend) {
            this.buffer = buffer;
            this.backend = backend;
        }

        /** The cleaner's action: hand the buffer to the backend's queue of orphans. */
        @Override
        public void run() {
            if (!released) backend.orphaned(this);
        }
    }

    ClArray(ClBackend backend, ClBuffer buffer, Cleaner cleaner) {
        this.backend = backend;
        this.state = new State(buffer, backend);
        this.cleanable = cleaner.register(this, state);
    }

    /** The buffer; throws once released. */
    ClBuffer buffer() {
        if (state.released) throw new IllegalStateException("device array of " + length() + " elements on " + backend.name() + " used after release()");
        return state.buffer;
    }

    @Override
    public int length() { return (int) state.buffer.length(); }

    @Override
    public Backend backend() { return backend; }

    @Override
    public void release() {
        if (state.released) return;
        state.released = true;
        backend.freed(state.buffer);
        cleanable.clean();
    }

    @Override
    public boolean isReleased() { return state.released; }
}
