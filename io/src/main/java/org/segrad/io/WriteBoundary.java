package org.segrad.io;

import java.nio.file.Path;

/**
 * A test seam at the two boundaries of every {@link AtomicFiles#write}: {@link Phase#TEMP_WRITTEN} (the temporary file
 * is complete and on disk, the target not yet replaced) and {@link Phase#RENAMED} (the target holds the new bytes).
 *
 * <p>A hook installed on a thread sees that thread's writes only. A hook that throws at {@code TEMP_WRITTEN}
 * simulates a {@code kill -9} there: the exception propagates, the target keeps its old bytes and the temporary file
 * is left behind exactly as a killed process would leave it. Production code installs no hook (one null check per
 * write).
 */
public final class WriteBoundary {
    /** Where in an atomic write the hook is called. */
    public enum Phase { TEMP_WRITTEN, RENAMED }

    /** Called at each boundary; may throw to simulate a kill. */
    @FunctionalInterface
    public interface Hook {
        void reached(Path target, Phase phase);
    }

    private static final ThreadLocal<Hook> HOOK = new ThreadLocal<>();

    private WriteBoundary() {}

    /** Installs {@code hook} for the calling thread's writes (null removes it). */
    public static void install(Hook hook) {
        if (hook == null) HOOK.remove();
        else HOOK.set(hook);
    }

    static void reached(Path target, Phase phase) {
        Hook h = HOOK.get();
        if (h != null) h.reached(target, phase);
    }
}
