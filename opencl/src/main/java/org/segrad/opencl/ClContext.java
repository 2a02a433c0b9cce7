package org.segrad.opencl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One device's OpenCL context and in-order command queue, with the program cache (each source text is compiled once
 * per context; each kernel object created once) and every buffer made in it. {@link #close()} releases the kernels,
 * programs, any buffer still open, the queue and the context. Kernel arguments are set on shared kernel objects, so
 * a context serves one thread at a time.
 */
public final class ClContext implements AutoCloseable {
    private final ClDevice device;
    private MemorySegment context, queue;
    /** Program cache: source text → its program and the kernels made from it, by name. */
    private final Map<String, Program> programs = new HashMap<>();
    private final Set<ClBuffer> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
    /** {@code int[]} kernel arguments (convolution geometries) uploaded once per distinct content, kept until close. */
    private final Map<List<Integer>, ClBuffer> constants = new HashMap<>();
    private long constantUploads;
    private int builds;

    private ClContext(ClDevice device) {
        this.device = device;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = a.allocate(JAVA_INT);
            MemorySegment ids = a.allocate(ADDRESS);
            ids.set(ADDRESS, 0, device.deviceId());
            context = Cl.create("clCreateContext", Cl.clCreateContext, err, MemorySegment.NULL, 1, ids,
                    MemorySegment.NULL, MemorySegment.NULL, err);
            queue = Cl.create("clCreateCommandQueue", Cl.clCreateCommandQueue, err, context, device.deviceId(), 0L, err);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A context and queue on {@code device}. */
    public static ClContext open(ClDevice device) {
        return new ClContext(device);
    }

    public ClDevice device() { return device; }

    /** A scope whose buffers are all released when it closes. */
    public BufferScope scope() { return new BufferScope(this); }

    /** How many programs this context has compiled (the cache's test hook: one per distinct source). */
    public int programsBuilt() { return builds; }

    /** How many distinct {@code int[]} kernel arguments were uploaded (each once; they stay until close). */
    public long constantUploads() { return constantUploads; }

    /** Device buffers currently open in this context (cached kernel constants included). */
    public int liveBuffers() { return buffers.size(); }

    ClBuffer allocate(long length) {
        if (length < 1) throw new IllegalArgumentException("OpenCL buffer length must be >= 1, got " + length);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = a.allocate(JAVA_INT);
            MemorySegment mem = Cl.create("clCreateBuffer", Cl.clCreateBuffer, err, live(), Cl.CL_MEM_READ_WRITE,
                    4L * length, MemorySegment.NULL, err);
            ClBuffer b = new ClBuffer(this, mem, length);
            buffers.add(b);
            return b;
        }
    }

    void forget(ClBuffer b) { buffers.remove(b); }

    void write(MemorySegment mem, MemorySegment host, long bytes) {
        Cl.call("clEnqueueWriteBuffer", Cl.clEnqueueWriteBuffer, liveQueue(), mem, Cl.CL_TRUE, 0L, bytes, host, 0,
                MemorySegment.NULL, MemorySegment.NULL);
    }

    void read(MemorySegment mem, MemorySegment host, long bytes) {
        Cl.call("clEnqueueReadBuffer", Cl.clEnqueueReadBuffer, liveQueue(), mem, Cl.CL_TRUE, 0L, bytes, host, 0,
                MemorySegment.NULL, MemorySegment.NULL);
    }

    /** The kernel {@code name} of {@code source}, compiling the source on first use in this context. */
    MemorySegment kernel(String source, String name) {
        live();
        Program program = programs.computeIfAbsent(source, s -> new Program(build(s), new HashMap<>()));
        return program.kernels().computeIfAbsent(name, n -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment err = a.allocate(JAVA_INT);
                return Cl.create("clCreateKernel(" + n + ")", Cl.clCreateKernel, err, program.handle(), a.allocateFrom(n), err);
            }
        });
    }

    private record Program(MemorySegment handle, Map<String, MemorySegment> kernels) {}

    private MemorySegment build(String source) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = a.allocate(JAVA_INT);
            MemorySegment strings = a.allocate(ADDRESS);
            strings.set(ADDRESS, 0, a.allocateFrom(source));
            MemorySegment program = Cl.create("clCreateProgramWithSource", Cl.clCreateProgramWithSource, err, live(), 1,
                    strings, MemorySegment.NULL, err);
            MemorySegment ids = a.allocate(ADDRESS);
            ids.set(ADDRESS, 0, device.deviceId());
            int code;
            try {
                code = (int) Cl.clBuildProgram.invokeExact(program, 1, ids, a.allocateFrom(""), MemorySegment.NULL,
                        MemorySegment.NULL);
            } catch (Throwable t) {
                throw new IllegalStateException("clBuildProgram: native call failed: " + t, t);
            }
            if (code != 0) {
                String log = buildLog(program);
                Cl.release(Cl.clReleaseProgram, program);
                throw new OpenClException("clBuildProgram", code, "build log:\n" + log);
            }
            builds++;
            return program;
        }
    }

    private String buildLog(MemorySegment program) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(JAVA_LONG);
            Cl.call("clGetProgramBuildInfo", Cl.clGetProgramBuildInfo, program, device.deviceId(), Cl.CL_PROGRAM_BUILD_LOG,
                    0L, MemorySegment.NULL, size);
            long n = size.get(JAVA_LONG, 0);
            MemorySegment buf = a.allocate(Math.max(n, 1));
            Cl.call("clGetProgramBuildInfo", Cl.clGetProgramBuildInfo, program, device.deviceId(), Cl.CL_PROGRAM_BUILD_LOG,
                    n, buf, MemorySegment.NULL);
            return buf.getString(0).strip();
        } catch (RuntimeException e) {
            return "(no build log: " + e.getMessage() + ")";
        }
    }

    /**
     * Enqueues kernel {@code name} of {@code source} over {@code global} work items (1 to 3 dimensions; each rounded up
     * to a multiple of {@code local} when {@code local} is given, else the driver picks the work-group size).
     * Arguments: {@link ClBuffer}, {@link Integer} ({@code int}), {@link Float} ({@code float}) or {@code int[]}
     * (uploaded into a {@code __constant} buffer once per distinct content, cached until {@link #close()}). Does not
     * wait.
     */
    void launch(String source, String name, long[] global, long[] local, Object... args) {
        MemorySegment k = kernel(source, name);
        try (Arena a = Arena.ofConfined()) {
            for (int i = 0; i < args.length; i++) {
                Object arg = args[i];
                MemorySegment value;
                long size;
                if (arg instanceof int[] ints) arg = constant(ints);
                if (arg instanceof ClBuffer b) {
                    value = a.allocate(ADDRESS);
                    value.set(ADDRESS, 0, b.handle());
                    size = ADDRESS.byteSize();
                } else if (arg instanceof Integer v) {
                    value = a.allocateFrom(JAVA_INT, v);
                    size = 4;
                } else if (arg instanceof Float v) {
                    value = a.allocateFrom(JAVA_FLOAT, v);
                    size = 4;
                } else {
                    throw new IllegalArgumentException(name + ": argument " + i + " has unsupported type "
                            + (arg == null ? "null" : arg.getClass().getSimpleName()));
                }
                Cl.call("clSetKernelArg(" + name + ", " + i + ")", Cl.clSetKernelArg, k, i, size, value);
            }
            int dims = global.length;
            MemorySegment g = a.allocate(JAVA_LONG, dims), l = local == null ? MemorySegment.NULL : a.allocate(JAVA_LONG, dims);
            for (int d = 0; d < dims; d++) {
                long gd = Math.max(global[d], 1);
                if (local != null) {
                    gd = (gd + local[d] - 1) / local[d] * local[d];
                    l.setAtIndex(JAVA_LONG, d, local[d]);
                }
                g.setAtIndex(JAVA_LONG, d, gd);
            }
            Cl.call("clEnqueueNDRangeKernel(" + name + ")", Cl.clEnqueueNDRangeKernel, liveQueue(), k, dims,
                    MemorySegment.NULL, g, l, 0, MemorySegment.NULL, MemorySegment.NULL);
        }
    }

    private ClBuffer constant(int[] ints) {
        List<Integer> key = java.util.Arrays.stream(ints).boxed().toList();
        ClBuffer b = constants.get(key);
        if (b == null) {
            b = allocate(Math.max(ints.length, 1)).write(ints);
            constants.put(key, b);
            constantUploads++;
        }
        return b;
    }

    /** Waits until every enqueued command has finished. */
    public void finish() {
        Cl.call("clFinish", Cl.clFinish, liveQueue());
    }

    private MemorySegment live() {
        if (context == null) throw new IllegalStateException("OpenCL context of " + device.name() + " used after close()");
        return context;
    }

    private MemorySegment liveQueue() {
        live();
        return queue;
    }

    @Override
    public void close() {
        if (context == null && queue == null) return;
        if (queue != null) {
            try {
                finish();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        constants.clear();
        for (ClBuffer b : new ArrayList<>(buffers)) b.close();
        for (Program p : programs.values()) {
            p.kernels().values().forEach(k -> Cl.release(Cl.clReleaseKernel, k));
            Cl.release(Cl.clReleaseProgram, p.handle());
        }
        programs.clear();
        Cl.release(Cl.clReleaseCommandQueue, queue);
        Cl.release(Cl.clReleaseContext, context);
        queue = null;
        context = null;
    }
}
