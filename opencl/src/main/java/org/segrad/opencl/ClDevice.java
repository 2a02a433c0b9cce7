package org.segrad.opencl;

import java.lang.foreign.MemorySegment;

/**
 * One OpenCL device as discovered by {@link Devices#list()}: {@code index} is its place in the list (platforms in the
 * loader's order, each platform's devices in its order), the {@code N} of {@code "opencl:N"}.
 */
public record ClDevice(int index, String platform, String name, String vendor, String version, String driverVersion,
                       String type, int computeUnits, int clockMHz, long globalMemBytes, long localMemBytes,
                       long maxWorkGroupSize, MemorySegment platformId, MemorySegment deviceId) {

    /** One line: {@code "opencl:0  Intel(R) ... (CPU, 16 units, 15.6 GiB) on Portable Computing Language, OpenCL 3.0 ..."}. */
    public String describe() {
        return String.format("opencl:%d  %s (%s, %d compute units, %d MHz, %.1f GiB global, %d KiB local, work-group <= %d)"
                        + " on %s; %s; driver %s",
                index, name, type, computeUnits, clockMHz, globalMemBytes / (double) (1L << 30), localMemBytes >> 10,
                maxWorkGroupSize, platform, version, driverVersion);
    }
}
