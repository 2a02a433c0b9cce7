package org.segrad.cli.compare;

/**
 * One training run of {@code segrad compare}: a loss (with its options), a seed, a train fraction, and the test
 * mIoU of the model chosen by validation mIoU. {@code lambda} is the tuned λ of ce+dice (NaN for other losses).
 */
public record RunResult(String loss, long seed, double trainFraction, double testMiou, double valMiou, double lambda,
                        double seconds) implements java.io.Serializable {

    /** Reads what {@link CompareReport#runsCsv} wrote (header line first); errors name the line. */
    public static java.util.List<RunResult> parseCsv(String csv) {
        java.util.List<RunResult> out = new java.util.ArrayList<>();
        String[] lines = csv.split("\\R");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            try {
                String[] f = CsvFields.split(lines[i]);
                out.add(new RunResult(f[0], Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]), f[5].isEmpty() ? Double.NaN : Double.parseDouble(f[5]), Double.parseDouble(f[6])));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("runs csv line " + (i + 1) + ": expected loss,seed,train_fraction,test_miou,"
                        + "val_miou,lambda,seconds but got '" + lines[i] + "'");
            }
        }
        return out;
    }
}
