package org.segrad.nn.optim;

/**
 * A learning-rate schedule driving an {@link Optimizer}, like {@code torch.optim.lr_scheduler}: it remembers the
 * optimizer's learning rate at construction as the base rate, sets lr = {@link #lrAt}(0) at once, and each
 * {@link #step()} (once per epoch, or per iteration, as the caller chooses) advances the counter and sets
 * lr = lrAt(counter). The closed forms below equal PyTorch's chained updates.
 */
public abstract class LrScheduler {
    /** Builds the schedule of a run of {@code epochs} epochs over an optimizer; {@link #NONE} builds none. */
    @FunctionalInterface
    public interface Factory {
        /** The schedule, or {@code null} for a constant learning rate. */
        LrScheduler create(Optimizer optimizer, int epochs);
    }

    /** A constant learning rate. */
    public static final Factory NONE = (optimizer, epochs) -> null;

    /** The schedule names of {@code segrad train --schedule}. */
    public static final java.util.List<String> NAMES = java.util.List.of("none", "step", "cosine", "poly");

    /**
     * {@code none}; {@code step}: γ = 0.1 every max(1, epochs / 3) epochs; {@code cosine}: to 0 over the run;
     * {@code poly}: power 0.9 over the run.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Factory named(String name) {
        return switch (name) {
            case "none" -> NONE;
            case "step" -> (o, epochs) -> step(o, Math.max(1, epochs / 3), 0.1);
            case "cosine" -> (o, epochs) -> cosine(o, epochs, 0);
            case "poly" -> (o, epochs) -> poly(o, epochs);
            default -> throw new IllegalArgumentException("--schedule must be " + Optimizers.oneOf(NAMES) + ", got '" + name + "'");
        };
    }

    private final Optimizer optimizer;
    private final double baseLr;
    private int epoch;

    protected LrScheduler(Optimizer optimizer) {
        if (optimizer == null) throw new IllegalArgumentException("LrScheduler: optimizer must not be null");
        this.optimizer = optimizer;
        this.baseLr = optimizer.lr();
        optimizer.setLr(lrAt(0));
    }

    /** The learning rate at counter value {@code epoch} (pure, for plots and tests). */
    public abstract double lrAt(int epoch);

    /** Advances the counter and sets the optimizer's learning rate. */
    public void step() {
        epoch++;
        optimizer.setLr(lrAt(epoch));
    }

    /** How many times {@link #step()} ran (PyTorch's {@code last_epoch}). */
    public int epoch() { return epoch; }

    /** The optimizer's learning rate when the schedule was created. */
    public double baseLr() { return baseLr; }

    /** lr = base·γ^⌊epoch / stepSize⌋ ({@code StepLR}). */
    public static LrScheduler step(Optimizer optimizer, int stepSize, double gamma) {
        if (stepSize < 1) throw new IllegalArgumentException("step schedule: stepSize must be >= 1, got " + stepSize);
        return new LrScheduler(optimizer) {
            @Override
            public double lrAt(int e) {
                return baseLr() * Math.pow(gamma, Math.floorDiv(e, stepSize));
            }
        };
    }

    /** lr = η_min + (base − η_min)·(1 + cos(π·epoch / T_max)) / 2 ({@code CosineAnnealingLR}). */
    public static LrScheduler cosine(Optimizer optimizer, int tMax, double etaMin) {
        if (tMax < 1) throw new IllegalArgumentException("cosine schedule: tMax must be >= 1, got " + tMax);
        return new LrScheduler(optimizer) {
            @Override
            public double lrAt(int e) {
                return etaMin + (baseLr() - etaMin) * (1 + Math.cos(Math.PI * e / tMax)) / 2;
            }
        };
    }

    /**
     * lr = base·(1 − min(epoch, T) / T)^power ({@code PolynomialLR}; "poly" of nnU-Net and DeepLab with power 0.9).
     */
    public static LrScheduler poly(Optimizer optimizer, int totalIters, double power) {
        if (totalIters < 1) throw new IllegalArgumentException("poly schedule: totalIters must be >= 1, got " + totalIters);
        return new LrScheduler(optimizer) {
            @Override
            public double lrAt(int e) {
                return baseLr() * Math.pow(1 - (double) Math.min(e, totalIters) / totalIters, power);
            }
        };
    }

    /** Poly with power 0.9. */
    public static LrScheduler poly(Optimizer optimizer, int totalIters) {
        return poly(optimizer, totalIters, 0.9);
    }
}
