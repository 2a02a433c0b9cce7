package org.segrad.nn;

import org.segrad.autodiff.Tensor;

/** Children named "0", "1", … applied in order: forward(x) = m_{n−1}(… m_1(m_0(x))) (torch.nn.Sequential). */
public class Sequential extends Module {
    private int size;

    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    /** Appends a module under the next index; returns this. */
    public Sequential add(Module m) {
        registerModule(Integer.toString(size++), m);
        return this;
    }

    public Module get(int index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException("Sequential: index " + index + " out of [0, " + size + ")");
        return child(Integer.toString(index));
    }

    public int size() { return size; }

    /** Applies the children in order. */
    @Override
    public Tensor forward(Tensor x) {
        for (Module m : children().values()) x = m.forward(x);
        return x;
    }
}
