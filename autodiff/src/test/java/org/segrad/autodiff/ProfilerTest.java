package org.segrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The op profiler counts each recorded op's forward and each backward node by op name; off, it records nothing. */
class ProfilerTest {

    @Test
    void countsForwardAndBackwardByOp() {
        Tensor x = Tensor.uniform(DType.FLOAT32, 1, -1, 1, 2, 3).requiresGrad(true);
        Map<String, Profiler.Entry> t;
        try (Profiler.Session s = Profiler.start()) {
            assertTrue(Profiler.isEnabled());
            Profiler.mark();
            x.relu().mul(x).sum().backward();
            t = s.snapshot();
        }
        assertFalse(Profiler.isEnabled());
        assertEquals(1, t.get("relu").forwardCalls());
        assertEquals(1, t.get("relu").backwardCalls());
        assertEquals(1, t.get("mul").forwardCalls());
        assertEquals(1, t.get("sum").backwardCalls());
        assertTrue(t.get("mul").forwardNanos() >= 0 && t.get("sum").backwardNanos() >= 0);
    }

    @Test
    void offRecordsNothingAndSessionsDoNotNest() {
        try (Profiler.Session s = Profiler.start()) {
            assertThrows(IllegalStateException.class, Profiler::start);
        }
        Tensor x = Tensor.uniform(DType.FLOAT32, 1, -1, 1, 4).requiresGrad(true);
        x.relu().sum().backward();
        try (Profiler.Session s = Profiler.start()) {
            assertTrue(s.snapshot().isEmpty());
        }
    }
}
