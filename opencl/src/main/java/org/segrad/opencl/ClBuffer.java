package org.segrad.opencl;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A device buffer ({@code cl_mem}, read-write) of {@code length} 4-byte elements (float or int) in one
 * {@link ClContext}. Closing releases it; any later use throws. Transfers are blocking: {@link #write} returns when
 * the data is on the device, {@link #read} when it is in the array.
 */
public final class ClBuffer implements AutoCloseable {
    private final ClContext context;
    private final long length;
    private MemorySegment mem;

    ClBuffer(ClContext context, MemorySegment mem, long length) {
        this.context = context;
        this.mem = mem;
        this.length = length;
    }

    /** Number of 4-byte elements. */
    public long length() { return length; }

    /** The context this buffer lives in. */
    public ClContext context() { return context; }

    MemorySegment handle() {
        if (mem == null) throw new IllegalStateException("OpenCL buffer of " + length + " elements used after close()");
        return mem;
    }

    /** Copies {@code src[off .. off+len)} to elements {@code [0, len)} of this buffer. */
    public ClBuffer write(float[] src, int off, int len) {
        checkRange("write", src.length, off, len);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(JAVA_FLOAT, Math.max(len, 1));
            MemorySegment.copy(src, off, host, JAVA_FLOAT, 0, len);
            context.write(handle(), host, 4L * len);
        }
        return this;
    }

    /** Copies all of {@code src} to the start of this buffer. */
    public ClBuffer write(float[] src) { return write(src, 0, src.length); }

    /** int twin of {@link #write(float[])} (labels, argmax). */
    public ClBuffer write(int[] src) {
        checkRange("write", src.length, 0, src.length);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(JAVA_INT, Math.max(src.length, 1));
            MemorySegment.copy(src, 0, host, JAVA_INT, 0, src.length);
            context.write(handle(), host, 4L * src.length);
        }
        return this;
    }

    /** Copies the first {@code dst.length} elements into {@code dst}. */
    public float[] read(float[] dst) {
        checkRange("read", dst.length, 0, dst.length);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(JAVA_FLOAT, Math.max(dst.length, 1));
            context.read(handle(), host, 4L * dst.length);
            MemorySegment.copy(host, JAVA_FLOAT, 0, dst, 0, dst.length);
        }
        return dst;
    }

    /** The whole buffer as floats. */
    public float[] readFloats() { return read(new float[Math.toIntExact(length)]); }

    /** The whole buffer as ints. */
    public int[] readInts() {
        int[] dst = new int[Math.toIntExact(length)];
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(JAVA_INT, Math.max(dst.length, 1));
            context.read(handle(), host, 4L * dst.length);
            MemorySegment.copy(host, JAVA_INT, 0, dst, 0, dst.length);
        }
        return dst;
    }

    private void checkRange(String what, int arrayLength, int off, int len) {
        if (off < 0 || len < 0 || off + len > arrayLength || len > length) {
            throw new IllegalArgumentException("OpenCL buffer " + what + ": " + len + " elements from offset " + off
                    + " of an array of " + arrayLength + " into a buffer of " + length);
        }
    }

    /** True once closed. */
    public boolean isClosed() { return mem == null; }

    @Override
    public void close() {
        if (mem == null) return;
        Cl.release(Cl.clReleaseMemObject, mem);
        mem = null;
        context.forget(this);
    }
}
