package org.segrad.autodiff;

/**
 * Storage of a tensor on a device: {@code length} float32 elements in one {@link Backend}'s memory (a
 * {@code cl_mem} for OpenCL). Only its backend reads or writes it. Its lifetime is explicit: a {@link Workspace}
 * scope lends and takes back the arrays of the op outputs made inside it; {@link #release()} frees one at once; an
 * array made outside any scope (parameters, gradients, optimizer state) is freed by {@link #release()} or, failing
 * that, when it becomes unreachable (the backend's cleaner).
 */
public interface DeviceArray {
    /** Number of 4-byte elements. */
    int length();

    /** The backend that made it. */
    Backend backend();

    /** Frees the device memory now; any later use throws. Idempotent. */
    void release();

    /** True once released. */
    boolean isReleased();
}
