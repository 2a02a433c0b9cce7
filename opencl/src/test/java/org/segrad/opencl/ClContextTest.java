package org.segrad.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Buffers, scopes, the program cache and error reporting on opencl:0. */
class ClContextTest {
    @Test
    void buffersRoundTripAndScopesFreeWhatTheyMade() {
        ClContext ctx = OpenClTestSupport.context();
        int before = ctx.liveBuffers();
        ClBuffer escaped;
        try (BufferScope s = ctx.scope()) {
            float[] data = {1.5f, -2f, 3.25f};
            escaped = s.upload(data);
            s.ints(7);
            assertArrayEquals(data, escaped.readFloats());
            assertArrayEquals(new int[] {4, -5}, s.upload(new int[] {4, -5}).readInts());
            assertEquals(before + 3, ctx.liveBuffers());
            assertEquals(3, s.live());
        }
        assertEquals(before, ctx.liveBuffers());
        assertTrue(escaped.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, escaped::readFloats);
        assertEquals("OpenCL buffer of 3 elements used after close()", e.getMessage());
    }

    @Test
    void eachSourceIsCompiledOncePerContext() {
        try (ClContext ctx = ClContext.open(OpenClTestSupport.context().device()); BufferScope s = ctx.scope()) {
            ClBuffer a = s.upload(new float[] {1, 2}), b = s.upload(new float[] {3, 4}), y = s.floats(2);
            ClPointwise.add(ctx, 2, a, b, y);
            ClPointwise.mul(ctx, 2, a, b, y);
            ClPointwise.add(ctx, 2, a, b, y);
            assertArrayEquals(new float[] {4, 6}, y.readFloats());
            assertEquals(1, ctx.programsBuilt());
        }
    }

    @Test
    void aBrokenSourceReportsTheBuildLog() {
        ClContext ctx = OpenClTestSupport.context();
        OpenClException e;
        try (BufferScope s = ctx.scope()) {
            ClBuffer y = s.floats(1);
            e = assertThrows(OpenClException.class,
                    () -> ctx.launch("__kernel void broken(__global float* y) { y[0] = undefined_name; }", "broken",
                            new long[] {1}, null, y));
        }
        assertEquals("clBuildProgram", e.call());
        assertTrue(e.getMessage().startsWith("clBuildProgram failed: CL_BUILD_PROGRAM_FAILURE (-11)"), e.getMessage());
        assertTrue(e.getMessage().contains("undefined_name"), e.getMessage());
    }

    @Test
    void anUnknownKernelNameIsNamed() {
        ClContext ctx = OpenClTestSupport.context();
        OpenClException e = assertThrows(OpenClException.class,
                () -> ctx.kernel(KernelSource.SEGRAD, "no_such_kernel"));
        assertEquals("clCreateKernel(no_such_kernel) failed: CL_INVALID_KERNEL_NAME (-46)", e.getMessage());
    }

    @Test
    void buffersOfAnotherContextAreRefused() {
        ClContext ctx = OpenClTestSupport.context();
        try (ClContext other = ClContext.open(ctx.device()); BufferScope s = other.scope(); BufferScope t = ctx.scope()) {
            ClBuffer foreign = s.floats(4), mine = t.floats(4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClPointwise.relu(ctx, 4, foreign, mine));
            assertEquals("relu: buffer x belongs to another OpenCL context", e.getMessage());
        }
    }
}
