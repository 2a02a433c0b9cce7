package org.segrad.cli;

import picocli.CommandLine;

/**
 * Turns an {@link OutOfMemoryError} anywhere in a command into one line on stderr that names the remedies (sliding
 * windows with {@code --tile}, a larger heap through {@code SEGRAD_JAVA_OPTS}) and exit code 2, like any other bad
 * input. Every file segrad writes goes through a temporary file and a rename, so nothing half-written is left.
 */
final class OutOfMemory {
    private OutOfMemory() {
    }

    static CommandLine.IExecutionStrategy reporting(CommandLine.IExecutionStrategy inner) {
        return parsed -> {
            try {
                return inner.execute(parsed);
            } catch (OutOfMemoryError e) {
                CommandLine.ParseResult leaf = parsed;
                while (leaf.subcommand() != null) leaf = leaf.subcommand();
                leaf.commandSpec().commandLine().getErr().println(message(leaf.commandSpec().name(), e));
                return 2;
            }
        };
    }

    /** The one line printed for {@code e} in command {@code command}. */
    static String message(String command, OutOfMemoryError e) {
        long maxMiB = Runtime.getRuntime().maxMemory() >> 20;
        return "segrad " + command + ": out of memory (" + e.getMessage() + "; Java heap limit " + maxMiB + " MiB): "
                + "predict large images in windows with --tile 512, or give Java more memory, e.g. "
                + "SEGRAD_JAVA_OPTS=\"-Xmx8g\" ./segrad " + command + " …";
    }
}
