package org.segrad.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.segrad.nn.UNet;
import picocli.CommandLine.Option;

/** Model options shared by train, eval, predict and compare (a picocli mixin). */
public final class ModelOptions {
    @Option(names = "--base", description = "Width of the first U-Net level (default: ${DEFAULT-VALUE}).")
    int base = 16;

    @Option(names = "--depth", description = "U-Net levels (default: ${DEFAULT-VALUE}).")
    int depth = 4;

    @Option(names = "--threads", description = "Compute threads (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--init", paramLabel = "FILE.safetensors", description = "Start from these weights (e.g. exported from PyTorch).")
    Path init;

    /** A U-Net seeded with {@code seed}, then loaded from {@code --init} if given. */
    UNet build(int classes, long seed) throws IOException {
        if (base < 1 || depth < 1 || depth > 8) {
            throw new IllegalArgumentException("--base must be >= 1 and --depth in 1..8, got base " + base + ", depth " + depth);
        }
        UNet net = new UNet(1, classes, base, depth, seed);
        if (init != null) net.load(init);
        return net;
    }

    void applyThreads() {
        if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        org.segrad.kernels.Parallel.setThreads(threads);
    }
}
