package org.segrad.examples.compare;

/**
 * One training run of {@code segrad compare}: a loss (with its options), a seed, a train fraction, and the test
 * mIoU of the model chosen by validation mIoU. {@code lambda} is the tuned λ of ce+dice (NaN for other losses).
 */
public record RunResult(String loss, long seed, double trainFraction, double testMiou, double valMiou, double lambda,
                        double seconds) {}
