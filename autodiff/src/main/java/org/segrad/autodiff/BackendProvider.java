package org.segrad.autodiff;

/**
 * The service interface through which a device backend joins segrad: an implementation is listed in
 * {@code META-INF/services/org.segrad.autodiff.BackendProvider} of its jar and found with {@link java.util.ServiceLoader}
 * when {@link Device#named} first asks for its {@link #kind()}. The core never depends on a backend module.
 */
public interface BackendProvider {
    /** The device kind this provider serves, as written in device strings: {@code "opencl"} for {@code opencl:N}. */
    String kind();

    /**
     * The backend of device {@code index} of this kind (called once per device and JVM; the result is cached by
     * {@link Device}).
     *
     * @throws IllegalStateException with the reason when that device cannot be used here (no driver, no platform,
     *                               no device {@code index})
     */
    Backend open(int index);
}
