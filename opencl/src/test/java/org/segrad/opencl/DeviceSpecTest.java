package org.segrad.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Device strings and error messages; needs no OpenCL platform. */
class DeviceSpecTest {
    @Test
    void parsesTheThreeForms() {
        assertEquals(DeviceSpec.CPU, DeviceSpec.parse("cpu"));
        assertEquals(new DeviceSpec(DeviceSpec.Kind.OPENCL, 0), DeviceSpec.parse("opencl"));
        assertEquals(new DeviceSpec(DeviceSpec.Kind.OPENCL, 3), DeviceSpec.parse(" OpenCL:3 "));
        assertEquals("opencl:3", DeviceSpec.parse("opencl:3").toString());
    }

    @Test
    void rejectsOtherStringsInOneLine() {
        for (String bad : new String[] {"cuda", "opencl:", "opencl:-1", "opencl:x", "", "gpu:0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse(bad));
            assertEquals("device: expected cpu, opencl or opencl:N (N >= 0), got '" + bad + "'", e.getMessage());
        }
    }

    @Test
    void cpuNeedsNoOpenCl() {
        Devices.Selection s = Devices.select("cpu");
        assertTrue(s.isCpu());
        assertTrue(s.fallbackReason().isEmpty());
    }

    @Test
    void aMissingDeviceFallsBackToTheCpuWithAReason() {
        Devices.Selection s = Devices.select("opencl:999");
        assertTrue(s.isCpu());
        assertTrue(s.fallbackReason().isPresent());
        String reason = s.fallbackReason().get();
        assertTrue(reason.contains("opencl:999") || reason.contains("OpenCL") || reason.contains("libOpenCL"), reason);
    }

    @Test
    void errorCodesAreNamed() {
        OpenClException e = new OpenClException("clCreateKernel", -46);
        assertEquals("clCreateKernel failed: CL_INVALID_KERNEL_NAME (-46)", e.getMessage());
        assertEquals("CL_PLATFORM_NOT_FOUND_KHR", OpenClException.codeName(-1001));
        assertEquals("unknown OpenCL error", OpenClException.codeName(-12345));
    }
}
