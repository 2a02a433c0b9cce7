package org.segrad.cli;

import java.io.IOException;
import java.util.function.Supplier;
import org.segrad.train.RunFolder;

/**
 * What Ctrl-C (SIGINT, SIGTERM) prints while a run owns its folder: a shutdown hook that writes one line, e.g.
 * "segrad train: interrupted after epoch 3 (step 48); rerun with --resume", and removes the run's lock. The JVM
 * then exits with 128 + signal (130 for SIGINT). Whatever was being written stays as it was (atomic writes: the old
 * file or the new one; a temporary file, removed by the next run). Removed again when the run ends normally.
 */
final class InterruptNotice implements AutoCloseable {
    private final Thread hook;
    private boolean closed;

    private InterruptNotice(Thread hook) {
        this.hook = hook;
    }

    /** Installs the hook; {@code message} is asked at interrupt time for the line to print. */
    static InterruptNotice install(Supplier<String> message, RunFolder folder) {
        Thread t = new Thread(() -> {
            System.err.println();
            System.err.println(message.get());
            System.err.flush();
            try {
                folder.close();
            } catch (IOException | RuntimeException ignored) {
                // exiting anyway; a lock file no process holds is taken over by the next run
            }
        }, "segrad-interrupt");
        Runtime.getRuntime().addShutdownHook(t);
        return new InterruptNotice(t);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or has run
        }
    }
}
