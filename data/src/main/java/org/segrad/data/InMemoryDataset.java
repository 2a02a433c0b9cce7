package org.segrad.data;

import java.util.List;

/**
 * A {@link Dataset} over a list of samples held in memory. The constructor checks that every mask value lies in
 * 0..classes−1, so a dataset that exists is valid.
 */
public final class InMemoryDataset implements Dataset {
    private final String name;
    private final int classes;
    private final List<Sample> samples;

    /**
     * @param name    dataset name
     * @param classes number of classes, ≥ 2
     * @param samples the samples (copied into an immutable list)
     * @throws IllegalArgumentException if {@code classes < 2} or a mask value is out of range
     */
    public InMemoryDataset(String name, int classes, List<Sample> samples) {
        if (classes < 2) {
            throw new IllegalArgumentException("dataset " + name + ": classes = " + classes + " but must be >= 2");
        }
        this.name = name;
        this.classes = classes;
        this.samples = List.copyOf(samples);
        for (Sample s : this.samples) {
            s.checkMask(classes);
        }
    }

    @Override
    public int size() {
        return samples.size();
    }

    @Override
    public Sample get(int index) {
        return samples.get(index);
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Sample> samples() {
        return samples;
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", " + samples.size() + " samples, " + classes + " classes]";
    }
}
