package org.segrad.autodiff;

/** One entry of the tape: which op made a tensor, from which inputs, and how to send its gradient back. */
final class Node {
    final String op;
    Tensor[] inputs;
    GradFn gradFn;

    Node(String op, Tensor[] inputs, GradFn gradFn) {
        this.op = op;
        this.inputs = inputs;
        this.gradFn = gradFn;
    }

    boolean freed() {
        return gradFn == null;
    }

    /** Drops the saved tensors and closure so their memory can be reclaimed after backward. */
    void free() {
        inputs = null;
        gradFn = null;
    }
}
