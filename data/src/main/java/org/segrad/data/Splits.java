package org.segrad.data;

import java.util.Arrays;

/**
 * Seeded train/val/test splits and the training-set subsample that simulates scarce data.
 *
 * <p>All functions are pure: the same dataset and seed give the same split. {@link #subsample} takes a prefix of one
 * seeded permutation, so with the same seed the 25 % subset is contained in the 50 % subset.
 */
public final class Splits {
    private Splits() {
    }

    /**
     * A split of one dataset into three.
     *
     * @param train training samples (at least one)
     * @param val   validation samples (may be empty)
     * @param test  test samples (may be empty)
     */
    public record Split(Dataset train, Dataset val, Dataset test) {
    }

    /**
     * Shuffles the indices with {@code seed} and cuts off round(test·n) test and round(val·n) validation samples
     * (at least one each when the fraction is > 0 and n ≥ 3); the rest is training data.
     *
     * @throws IllegalArgumentException if a fraction is outside [0, 1) or nothing would remain for training
     */
    public static Split byFraction(Dataset all, double valFraction, double testFraction, long seed) {
        int n = all.size();
        int[] counts = counts(all, n, valFraction, testFraction);
        int[] perm = new Rng(Rng.mix(seed, 0x5917L)).permutation(n);
        return cut(all, perm, counts[0], counts[1]);
    }

    /**
     * Like {@link #byFraction} but keeps runs of {@code blockSize} consecutive samples together (for slices of a
     * volume, whose neighbours are nearly identical, so that the test set does not see near-copies of training
     * slices). Whole blocks are shuffled with {@code seed}; the counts are met to within one block.
     */
    public static Split byBlocks(Dataset all, double valFraction, double testFraction, long seed, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize = " + blockSize + " but must be >= 1");
        }
        int n = all.size();
        int blocks = (n + blockSize - 1) / blockSize;
        int[] counts = counts(all, blocks, valFraction, testFraction);
        int[] blockPerm = new Rng(Rng.mix(seed, 0xB10CL)).permutation(blocks);
        int[] order = new int[n];
        int k = 0;
        int testEnd = 0;
        int valEnd = 0;
        for (int b = 0; b < blocks; b++) {
            int start = blockPerm[b] * blockSize;
            for (int i = start; i < Math.min(n, start + blockSize); i++) {
                order[k++] = i;
            }
            if (b == counts[0] - 1) {
                testEnd = k;
            }
            if (b == counts[0] + counts[1] - 1) {
                valEnd = k;
            }
        }
        if (counts[0] == 0) {
            testEnd = 0;
        }
        if (counts[1] == 0) {
            valEnd = testEnd;
        }
        return cut(all, order, testEnd, valEnd - testEnd);
    }

    /**
     * The first ⌈fraction·n⌉ (at least 1) samples of a seeded permutation, in their original order.
     *
     * @throws IllegalArgumentException if {@code fraction} is not in (0, 1] or the dataset is empty
     */
    public static Dataset subsample(Dataset train, double fraction, long seed) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("train fraction = " + fraction + " but must be in (0, 1]");
        }
        int n = train.size();
        if (n == 0) {
            throw new IllegalArgumentException("dataset " + train.name() + " is empty; nothing to subsample");
        }
        if (fraction == 1) {
            return train;
        }
        int keep = Math.max(1, (int) Math.ceil(fraction * n - 1e-9));
        int[] idx = Arrays.copyOf(new Rng(Rng.mix(seed, 0xF4ACL)).permutation(n), keep);
        Arrays.sort(idx);
        return train.subset(idx, train.name() + "[" + keep + "/" + n + "]");
    }

    private static int[] counts(Dataset all, int n, double valFraction, double testFraction) {
        if (!(valFraction >= 0 && valFraction < 1) || !(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("val fraction = " + valFraction + ", test fraction = " + testFraction
                    + " but each must be in [0, 1)");
        }
        int test = (int) Math.round(testFraction * n);
        int val = (int) Math.round(valFraction * n);
        if (n >= 3) {
            test = testFraction > 0 ? Math.max(1, test) : 0;
            val = valFraction > 0 ? Math.max(1, val) : 0;
        }
        if (n - test - val < 1) {
            throw new IllegalArgumentException("dataset " + all.name() + " has " + all.size() + " samples: val "
                    + valFraction + " + test " + testFraction + " leave none for training");
        }
        return new int[] {test, val};
    }

    private static Split cut(Dataset all, int[] order, int test, int val) {
        int[] testIdx = Arrays.copyOfRange(order, 0, test);
        int[] valIdx = Arrays.copyOfRange(order, test, test + val);
        int[] trainIdx = Arrays.copyOfRange(order, test + val, order.length);
        Arrays.sort(testIdx);
        Arrays.sort(valIdx);
        Arrays.sort(trainIdx);
        return new Split(all.subset(trainIdx, all.name() + "/train"), all.subset(valIdx, all.name() + "/val"),
                all.subset(testIdx, all.name() + "/test"));
    }
}
