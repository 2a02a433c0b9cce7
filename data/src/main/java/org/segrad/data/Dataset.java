package org.segrad.data;

import java.util.ArrayList;
import java.util.List;

/**
 * An indexed collection of {@link Sample}s that share a number of classes. Implementations are immutable; {@code get}
 * returns the same sample for the same index every time.
 */
public interface Dataset {

    /** Number of samples, ≥ 0. */
    int size();

    /** The sample at {@code index} (0..size−1). */
    Sample get(int index);

    /** Number of classes K: every mask value is in 0..K−1 (K ≥ 2). */
    int classes();

    /** A short human-readable name (for logs and reports). */
    String name();

    /** All samples, in order. */
    default List<Sample> samples() {
        List<Sample> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            out.add(get(i));
        }
        return out;
    }

    /** The samples at {@code indices}, in that order, under {@code newName}. */
    default Dataset subset(int[] indices, String newName) {
        List<Sample> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException("dataset " + name() + ": index " + i + " but size = " + size());
            }
            out.add(get(i));
        }
        return new InMemoryDataset(newName, classes(), out);
    }
}
