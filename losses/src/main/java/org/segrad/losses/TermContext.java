package org.segrad.losses;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.segrad.autodiff.Tensor;

/**
 * One evaluation of a term graph on (logits, labels): the validated label maps and softmax probabilities, one per
 * ignore index in use, and each term's face computed once, so that a term shared by several parents (the Dice factor
 * and the Dice coefficient of CAML) is one tape node and one analytic node whose gradients accumulate.
 */
final class TermContext {
    final Tensor z;
    final Tensor labels;
    private final Map<Integer, LabelMap> maps = new HashMap<>();
    private final Map<Integer, Probs> probs = new HashMap<>();
    private final Map<Term, Tensor> composites = new IdentityHashMap<>();
    private final Map<Term, Node> nodes = new IdentityHashMap<>();

    TermContext(Tensor z, Tensor labels) {
        this.z = z;
        this.labels = labels;
    }

    LabelMap labels(int ignoreIndex) {
        return maps.computeIfAbsent(ignoreIndex, k -> LabelMap.of(z, labels, k));
    }

    Probs probs(int ignoreIndex) {
        Probs p = probs.get(ignoreIndex);
        if (p == null) {
            p = new Probs(z, labels(ignoreIndex));
            probs.put(ignoreIndex, p);
        }
        return p;
    }

    /** M = N·d1·…: the number of pixels (the length of a per-pixel value). */
    int pixels() {
        return labels.numel();
    }

    /** The labels' shape [N, d1, …]: the shape of a per-pixel composite. */
    int[] pixelShape() {
        return labels.shape();
    }

    Tensor composite(Term t) {
        Tensor c = composites.get(t);
        if (c == null) {
            c = t.buildComposite(this);
            composites.put(t, c);
        }
        return c;
    }

    Node analytic(Term t) {
        Node n = nodes.get(t);
        if (n == null) {
            n = t.buildAnalytic(this);
            nodes.put(t, n);
        }
        return n;
    }
}
