package org.segrad.cli.compare;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training run of a sweep: a loss, its λ (ce+dice only, NaN otherwise), a seed and a train fraction. The unit a
 * {@link SweepRunner} schedules (one Spark task each) and the key of a {@link Ledger} line; records compare NaN λ as
 * equal, so a spec read back from the ledger equals the one planned.
 */
public record RunSpec(String loss, double lambda, long seed, double fraction) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The loss options of this run: {@code {lambda=λ}} when λ is set, else none. */
    public Map<String, String> options() {
        return Double.isNaN(lambda) ? Map.of() : Map.of("lambda", Double.toString(lambda));
    }

    /** Folder name of the run's checkpoints, e.g. {@code ce_dice_0.5_f0.25_s1000}. */
    public String dirName() {
        return String.format(Locale.ROOT, "%s%s_f%.2f_s%d", slug(loss), Double.isNaN(lambda) ? "" : "_" + lambda,
                fraction, seed);
    }

    /** A folder-safe loss name: a plain name as it is ({@code +} → {@code _}), an expression as a slug plus a CRC-32. */
    public static String slug(String loss) {
        if (org.segrad.losses.Losses.names().contains(loss)) return loss.replace('+', '_');
        String s = loss.replaceAll("[^A-Za-z0-9.=-]+", "_").replaceAll("^_+|_+$", "");
        if (s.length() > 40) s = s.substring(0, 40);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(loss.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return String.format(Locale.ROOT, "%s_%08x", s, crc.getValue());
    }

    /** A short human label, e.g. {@code ce+dice λ=0.5 fraction 0.25 seed 1000}. */
    public String label() {
        return String.format(Locale.ROOT, "%s%s fraction %.2f seed %d", loss, Double.isNaN(lambda) ? "" : " λ=" + lambda, fraction, seed);
    }

    /**
     * The runs of a compare, in the order the in-process runner trains them: fractions, then seeds
     * ({@code 1000 + s}), then losses, then λ for ce+dice.
     */
    public static List<RunSpec> plan(List<String> losses, int seeds, List<Double> fractions, List<Double> lambdas) {
        List<RunSpec> plan = new java.util.ArrayList<>();
        for (double fraction : fractions) {
            for (int s = 0; s < seeds; s++) {
                for (String loss : losses) {
                    if (loss.equals("ce+dice")) for (double l : lambdas) plan.add(new RunSpec(loss, l, 1000L + s, fraction));
                    else plan.add(new RunSpec(loss, Double.NaN, 1000L + s, fraction));
                }
            }
        }
        return plan;
    }
}
