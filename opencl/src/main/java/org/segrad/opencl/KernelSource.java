package org.segrad.opencl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The one OpenCL C source of segrad's kernels ({@code segrad.cl} beside this class), read once. */
final class KernelSource {
    static final String SEGRAD = load("segrad.cl");

    /** Work-group sizes the source is written for ({@code TS} and {@code WG} there). */
    static final int TILE = 16, REDUCE_GROUP = 64;

    private KernelSource() {}

    private static String load(String name) {
        try (InputStream in = KernelSource.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource org/segrad/opencl/" + name + " (broken jar?)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read org/segrad/opencl/" + name, e);
        }
    }

    /** Throws unless {@code b} belongs to {@code ctx} and holds at least {@code need} elements. */
    static void need(String op, String arg, ClContext ctx, ClBuffer b, long need) {
        if (b.context() != ctx) throw new IllegalArgumentException(op + ": buffer " + arg + " belongs to another OpenCL context");
        if (b.length() < need) {
            throw new IllegalArgumentException(op + ": buffer " + arg + " needs " + need + " elements but has " + b.length());
        }
    }

    /** {@code n} work items in one dimension, work groups of 64. */
    static long[] items(long n) { return new long[] {n}; }

    static final long[] LOCAL_64 = {64};
}
