package org.segrad.losses;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.segrad.autodiff.Tensor;

/**
 * A base loss term backed by segrad's fused loss kernels, with the options it owns (see {@link TermRegistry}):
 * <ul>
 * <li>{@code ce}: y = −Σ_i m_i w_{t_i} log p_t(i) / Σ_i m_i w_{t_i}; ∂z = m_i w_{t_i} (p − y) / Σ m w
 *     ({@link CrossEntropyLoss});</li>
 * <li>{@code dice}, {@code tversky}: two parameterisations of the soft overlap y = 1 − mean_K (k·TP + s_nr) /
 *     (e·TP + a·P + b·G + s_dr); ∂p = −m (k y − R (e y + a q p^{q−1})) / (|K| D), then the softmax Jacobian
 *     ({@link SoftOverlap}: Dice k = 2, e = 0, a = b = 1; Tversky k = 1, e = 1 − α − β, a = α, b = β);</li>
 * <li>{@code focal}: y = (1/M') Σ_i α_{t_i} (1 − p_t)^γ (−log p_t); ∂z as in {@link FocalLoss}.</li>
 * </ul>
 * The analytic face is the kernel's own value and gradient; the composite face is the kernel's own op composition.
 */
final class KernelTerm extends Term {
    private final String name;
    private final Map<String, String> given;
    private final int ignoreIndex;
    private final CeOptions ceOptions;
    private final CrossEntropyLoss ce;
    private final SoftOverlap overlap;
    private final FocalLoss focal;

    /** The term {@code name} (ce, dice, tversky, focal) with its own options, validated against {@link TermRegistry}. */
    KernelTerm(String name, Map<String, String> options) {
        this.name = name;
        this.given = new LinkedHashMap<>(options);
        TermRegistry.Entry entry = TermRegistry.term(name);
        if (entry == null || !Set.of("ce", "dice", "tversky", "focal").contains(name)) {
            throw new IllegalArgumentException("no loss kernel named '" + name + "'");
        }
        for (String k : options.keySet()) {
            if (!entry.keys().contains(k)) {
                throw new IllegalArgumentException("term " + name + ": unknown option '" + k + "' (accepted: "
                        + String.join(", ", new TreeSet<>(entry.keys())) + ")");
            }
        }
        OptionValues v = new OptionValues(name, options);
        this.ignoreIndex = v.ignoreIndex();
        this.ceOptions = name.equals("ce") ? CeOptions.of(v) : null;
        this.ce = ceOptions != null ? new CrossEntropyLoss(null, ceOptions) : null;
        this.overlap = name.equals("dice") || name.equals("tversky") ? SoftOverlap.of(OverlapOptions.of(v, name.equals("tversky")), name) : null;
        this.focal = name.equals("focal") ? new FocalLoss(null, FocalOptions.of(v)) : null;
    }

    /** The ignore index this term's options set ({@link LossOptions#NO_IGNORE} if none). */
    int ignoreIndex() {
        return ignoreIndex;
    }

    @Override
    public boolean perPixel() {
        return false;
    }

    @Override
    Tensor buildComposite(TermContext c) {
        LabelMap y = c.labels(ignoreIndex);
        if (ce != null) {
            LossOptions.checkClassList("weights", ceOptions.weights(), y.classes);
            return ce.composite(c.z, y);
        }
        if (overlap != null) return overlap.composite(c.z, y);
        return focal.forward(c.z, c.labels);
    }

    @Override
    Node buildAnalytic(TermContext c) {
        Probs pr = c.probs(ignoreIndex);
        if (ce != null) {
            LossOptions.checkClassList("weights", ceOptions.weights(), pr.y.classes);
            return Node.scalar(ce.value(pr), (up, gz) -> {
                if (up[0] != 0) ce.addGradient(pr, up[0], gz);
            });
        }
        return Node.ofPiece(overlap != null ? overlap.piece(pr) : focal.piece(pr));
    }

    @Override
    public String toString() {
        if (given.isEmpty()) return name;
        StringBuilder sb = new StringBuilder(name).append('(');
        given.forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append(k).append('=').append(v));
        return sb.append(')').toString();
    }
}
