package org.segrad.cli.compare;

import java.io.Serializable;
import java.util.Locale;
import org.segrad.cli.DataOptions;

/**
 * What every run of one sweep shares: the data recipe (rebuilt wherever a run executes), the model shape and
 * initial weights, the training schedule and the compute threads per run. Serializable, so a Spark task carries it;
 * paths are absolute (an executor's working directory is not the driver's).
 *
 * @param init absolute path of {@code --init} weights, or null
 */
public record RunSettings(DataOptions data, int base, int depth, String init, int epochs, int batchSize, double lr, int threads)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Everything that changes a run's numbers, as one line (the {@link Ledger}'s header): two sweeps with the same
     * fingerprint give the same result for the same {@link RunSpec}. The thread count is not part of it: it changes no
     * bit (Parallel's fixed partition).
     */
    public String fingerprint() {
        return String.format(Locale.ROOT, "%s base=%d depth=%d init=%s epochs=%d batch=%d lr=%s", data.recipe(), base, depth,
                init == null ? "-" : init, epochs, batchSize, lr);
    }

}
