package org.segrad.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.segrad.nn.UNet;
import org.segrad.train.ModelCard;
import picocli.CommandLine.Option;

/**
 * Model options shared by train, eval, predict and compare (a picocli mixin). {@code --base} and {@code --depth} left
 * out come from the model file's {@link ModelCard} when there is one, else default to unet-small (16, 4); an explicit
 * value that contradicts the model file is one error naming both.
 */
public final class ModelOptions {
    /** The largest accepted --base (a 256-wide U-Net of depth 8 is already far beyond memory). */
    static final int MAX_BASE = 256;

    @Option(names = "--base", description = "Width of the first U-Net level, 1..256 (default: 16, or the model file's).")
    Integer base;

    @Option(names = "--depth", description = "U-Net levels, 1..8 (default: 4, or the model file's).")
    Integer depth;

    @Option(names = "--threads", description = "Compute threads (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--init", paramLabel = "FILE.safetensors", description = "Start from these weights (a segrad model file, or e.g. exported from PyTorch).")
    Path init;

    /** The width of the first level: the flag's, else 16. */
    int base() {
        return base == null ? 16 : base;
    }

    /** The number of levels: the flag's, else 4. */
    int depth() {
        return depth == null ? 4 : depth;
    }

    /**
     * Takes {@code --base}/{@code --depth} from the {@code --init} file's model card when they were left out (an
     * explicit contradicting value is an error); returns the card, or null without {@code --init} or card.
     */
    ModelCard resolveInit() throws IOException {
        ModelCard card = init == null ? null : card("--init", init).orElse(null);
        if (card != null) {
            base = DataOptions.agree("--base", base, card.architecture().base(), 16);
            depth = DataOptions.agree("--depth", depth, card.architecture().depth(), 4);
        }
        checkSizes();
        return card;
    }

    /** A 1-channel U-Net (see {@link #build(int, int, long)}). */
    UNet build(int classes, long seed) throws IOException {
        return build(1, classes, seed);
    }

    /**
     * A U-Net seeded with {@code seed}, then loaded from {@code --init} if given. With a model card in that file, the
     * architecture must agree with the data ({@code inChannels}, {@code classes}) and with explicit flags.
     */
    UNet build(int inChannels, int classes, long seed) throws IOException {
        ModelCard card = init == null ? null : card("--init", init).orElse(null);
        if (card != null) {
            ModelCard.Architecture a = card.architecture();
            base = DataOptions.agree("--base", base, a.base(), 16);
            depth = DataOptions.agree("--depth", depth, a.depth(), 4);
            if (a.inChannels() != inChannels || a.classes() != classes) {
                throw new IllegalArgumentException("--init " + init + " is a model of " + a.inChannels() + " input channels and "
                        + a.classes() + " classes but the data has " + inChannels + " channels and " + classes + " classes");
            }
        }
        checkSizes();
        UNet net = new UNet(inChannels, classes, base(), depth(), seed);
        if (init != null) net.load(init);
        return net;
    }

    /**
     * The network a model file describes (its card), or, without a card, the flags' (classes from {@code classes},
     * 1 input channel unless {@code inChannels} says otherwise), with the weights loaded.
     */
    UNet load(Path file, ModelCard card, int classes, int inChannels) throws IOException {
        if (card != null) {
            base = DataOptions.agree("--base", base, card.architecture().base(), 16);
            depth = DataOptions.agree("--depth", depth, card.architecture().depth(), 4);
            inChannels = card.architecture().inChannels();
            classes = card.architecture().classes();
        }
        checkSizes();
        UNet net = new UNet(inChannels, classes, base(), depth(), 0);
        net.load(file);
        return net;
    }

    /**
     * The model card of {@code file} given by {@code flag}, if it has one.
     *
     * @throws IllegalArgumentException naming the flag when the file does not exist
     */
    static Optional<ModelCard> card(String flag, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(flag + ": file " + file + " does not exist or is not a regular file");
        }
        return ModelCard.read(file);
    }

    private void checkSizes() {
        if (base() < 1 || base() > MAX_BASE) throw new IllegalArgumentException("--base must be in 1.." + MAX_BASE + ", got " + base());
        if (depth() < 1 || depth() > 8) throw new IllegalArgumentException("--depth must be in 1..8, got " + depth());
    }

    void applyThreads() {
        if (threads < 1 || threads > 1024) throw new IllegalArgumentException("--threads must be in 1..1024, got " + threads);
        org.segrad.kernels.Parallel.setThreads(threads);
    }
}
