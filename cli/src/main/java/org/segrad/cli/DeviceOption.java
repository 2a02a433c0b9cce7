package org.segrad.cli;

import org.segrad.autodiff.Device;
import picocli.CommandLine.Option;

/**
 * {@code --device cpu|opencl|opencl:N} of train, predict and bench (a picocli mixin). The cli does not depend on a
 * device backend: {@link Device#select} finds one with {@link java.util.ServiceLoader} on the class path (the launcher
 * adds the segrad-opencl jar when a device other than cpu is asked for). When the device cannot be used (no backend
 * jar, no OpenCL driver or platform, no device N) the command runs on the CPU after one line saying why.
 */
public final class DeviceOption {
    @Option(names = "--device", paramLabel = "cpu|opencl[:N]", description = "Where tensors live and ops run: cpu, or an "
            + "OpenCL device (opencl = opencl:0; needs JDK >= 22 and the opencl module, which ./segrad adds). Falls back to "
            + "the CPU, saying why, when the device is not there (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    /** The device to run on; a malformed value is an error naming {@code --device}. */
    Device resolve() {
        String d = device.trim().toLowerCase(java.util.Locale.ROOT);
        if (!d.matches("cpu|opencl(:\\d{1,6})?")) {
            throw new IllegalArgumentException("--device: expected cpu, opencl or opencl:N (N >= 0), got '" + device + "'");
        }
        try {
            return Device.named(d);
        } catch (IllegalStateException e) {
            System.err.println("segrad: --device " + device + " is not available (" + e.getMessage() + "); running on the CPU");
            return Device.CPU;
        }
    }
}
