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

    /**
     * Applies the children in order. A {@link BatchNorm2d} directly followed by a {@link ReLU} runs as the fused
     * {@link BatchNorm2d#forwardRelu} (same values and gradients, one activation less).
     */
    @Override
    public Tensor forward(Tensor x) {
        Module[] ms = children().values().toArray(new Module[0]);
        for (int i = 0; i < ms.length; i++) {
            if (ms[i].getClass() == BatchNorm2d.class && i + 1 < ms.length && ms[i + 1].getClass() == ReLU.class) {
                x = ((BatchNorm2d) ms[i]).forwardRelu(x);
                i++;
            } else {
                x = ms[i].forward(x);
            }
        }
        return x;
    }
}
