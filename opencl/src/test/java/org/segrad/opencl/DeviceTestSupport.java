package org.segrad.opencl;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.segrad.autodiff.Device;

/** The autodiff device {@code opencl:0} for the end-to-end tests, skipped with the module's stated reason without one. */
final class DeviceTestSupport {
    private DeviceTestSupport() {}

    static Device device() {
        Optional<String> why = Devices.unavailableReason();
        Assumptions.assumeTrue(why.isEmpty(), () -> "OpenCL parity tests skipped: " + why.orElse("")
                + " (install PoCL to run them: apt-get install pocl-opencl-icd ocl-icd-libopencl1)");
        return Device.named("opencl:0");
    }

    static ClBackend backend(Device d) {
        return (ClBackend) d.backend();
    }
}
