package org.segrad.nn;

import java.util.ArrayList;
import java.util.List;
import org.segrad.autodiff.Tensor;

/**
 * An indexed list of child modules named "0", "1", … (torch.nn.ModuleList): it only registers them, so their
 * parameters get dotted names; it has no forward of its own.
 */
public class ModuleList<M extends Module> extends Module {
    private final List<M> items = new ArrayList<>();

    /** Appends a module under the next index; returns this. */
    public ModuleList<M> add(M m) {
        registerModule(Integer.toString(items.size()), m);
        items.add(m);
        return this;
    }

    public M get(int index) {
        if (index < 0 || index >= items.size()) {
            throw new IndexOutOfBoundsException("ModuleList: index " + index + " out of [0, " + items.size() + ")");
        }
        return items.get(index);
    }

    public int size() { return items.size(); }

    /** An unmodifiable view in index order. */
    public List<M> items() { return java.util.Collections.unmodifiableList(items); }

    /** Always fails: a ModuleList is a container. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("ModuleList has no forward; call its items");
    }
}
