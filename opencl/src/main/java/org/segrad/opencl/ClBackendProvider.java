package org.segrad.opencl;

import java.util.List;
import org.segrad.autodiff.Backend;
import org.segrad.autodiff.BackendProvider;

/**
 * Serves {@code opencl:N} to {@link org.segrad.autodiff.Device#named} (listed in
 * {@code META-INF/services/org.segrad.autodiff.BackendProvider}); the reason it cannot is the exception's message
 * (the core logs it once when it falls back to the CPU).
 */
public final class ClBackendProvider implements BackendProvider {
    @Override
    public String kind() { return "opencl"; }

    @Override
    public Backend open(int index) {
        List<ClDevice> all;
        try {
            all = Devices.list();
        } catch (Devices.UnavailableException | OpenClException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (all.isEmpty()) throw new IllegalStateException("no OpenCL platform or device found");
        if (index >= all.size()) {
            throw new IllegalStateException("opencl:" + index + " asked for but only " + all.size()
                    + " OpenCL device(s) exist (opencl:0..opencl:" + (all.size() - 1) + ")");
        }
        return new ClBackend(ClContext.open(all.get(index)));
    }
}
