package org.segrad.kernels;

import java.util.Optional;

/**
 * Decides once, at class initialisation, whether the SIMD (Vector API) kernels may run.
 *
 * <p>SIMD is off when {@code -Dsegrad.simd=false} is given, or when the module {@code jdk.incubator.vector}
 * is not in the boot layer (the JVM was started without {@code --add-modules jdk.incubator.vector}). The
 * check uses only {@link ModuleLayer}, never a Vector API class, so in the second case no Vector API class is
 * ever loaded: the facades test {@link #enabled()} before they touch a {@code Simd*} class. The reason for
 * running scalar is printed once on stderr when the module is missing (an explicit opt-out stays silent).
 */
public final class SimdSupport {
    private static final String REASON;
    private static final boolean ENABLED;

    static {
        String prop = System.getProperty("segrad.simd", "true").trim();
        Optional<Module> vector = ModuleLayer.boot().findModule("jdk.incubator.vector");
        if (prop.equalsIgnoreCase("false")) {
            ENABLED = false;
            REASON = "disabled by -Dsegrad.simd=false";
        } else if (vector.isEmpty()) {
            ENABLED = false;
            REASON = "module jdk.incubator.vector is not readable (start the JVM with --add-modules jdk.incubator.vector)";
            System.err.println("segrad: SIMD kernels off, running scalar: " + REASON);
        } else {
            ENABLED = true;
            REASON = "enabled";
        }
    }

    private SimdSupport() {}

    /** True when the facades dispatch float32 work to the Vector API kernels. */
    public static boolean enabled() { return ENABLED; }

    /** Why SIMD is on or off, for logs and {@code segrad bench}. */
    public static String reason() { return REASON; }
}
