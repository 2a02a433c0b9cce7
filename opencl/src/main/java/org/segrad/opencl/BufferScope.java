package org.segrad.opencl;

import java.util.ArrayList;
import java.util.List;

/**
 * An arena of device buffers: everything made through it is released when it closes (in reverse order of making),
 * like {@code java.lang.foreign.Arena} for native memory. Meant to sit beside a {@code Workspace.Scope} of autodiff
 * (one step's activations) once tensors can live on a device; until then callers open one per piece of work.
 * One thread at a time, as its {@link ClContext}.
 */
public final class BufferScope implements AutoCloseable {
    private final ClContext context;
    private final List<ClBuffer> made = new ArrayList<>();
    private boolean closed;

    BufferScope(ClContext context) {
        this.context = context;
    }

    /** A new buffer of {@code length} floats (contents undefined until written or filled). */
    public ClBuffer floats(long length) {
        return keep(context.allocate(length));
    }

    /** A new buffer of {@code length} ints (same storage as floats: 4 bytes each). */
    public ClBuffer ints(long length) {
        return keep(context.allocate(length));
    }

    /** A new buffer holding a copy of {@code data}. */
    public ClBuffer upload(float[] data) {
        return floats(Math.max(data.length, 1)).write(data);
    }

    /** A new buffer holding a copy of {@code data}. */
    public ClBuffer upload(int[] data) {
        return ints(Math.max(data.length, 1)).write(data);
    }

    /** Buffers made through this scope and not yet closed. */
    public int live() {
        return (int) made.stream().filter(b -> !b.isClosed()).count();
    }

    private ClBuffer keep(ClBuffer b) {
        if (closed) {
            b.close();
            throw new IllegalStateException("BufferScope used after close()");
        }
        made.add(b);
        return b;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (int i = made.size() - 1; i >= 0; i--) made.get(i).close();
        made.clear();
    }
}
