package org.segrad.nn.optim;

import java.util.List;
import org.segrad.nn.Parameter;

/**
 * Optimizers by name, for configurations and command lines: {@code Optimizers.named("adam", 1e-3, 0, 0.9)} gives a
 * {@link Factory} that builds the optimizer once the model's parameters exist. The names and their defaults are
 * those of {@code segrad train --optimizer}.
 */
public final class Optimizers {
    private Optimizers() {}

    /** Builds an optimizer over a model's parameters. */
    @FunctionalInterface
    public interface Factory {
        Optimizer create(List<Parameter> params);
    }

    /** The accepted names, in the order the CLI lists them. */
    public static final List<String> NAMES = List.of("adam", "adamw", "sgd");

    /**
     * {@code adam}: Adam(lr, β = (0.9, 0.999), ε = 1e-8, L2 weight decay); {@code adamw}: AdamW with decoupled weight
     * decay (0.01 when {@code weightDecay} is 0, PyTorch's default); {@code sgd}: SGD with {@code momentum}, no
     * dampening, L2 weight decay.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Factory named(String name, double lr, double weightDecay, double momentum) {
        return switch (name) {
            case "adam" -> p -> new Adam(p, lr, 0.9, 0.999, 1e-8, weightDecay, false);
            case "adamw" -> p -> new AdamW(p, lr, 0.9, 0.999, 1e-8, weightDecay > 0 ? weightDecay : 0.01, false);
            case "sgd" -> p -> new SGD(p, lr, momentum, 0, weightDecay, false);
            default -> throw new IllegalArgumentException("--optimizer must be " + oneOf(NAMES) + ", got '" + name + "'");
        };
    }

    /** "a, b or c". */
    static String oneOf(List<String> names) {
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
