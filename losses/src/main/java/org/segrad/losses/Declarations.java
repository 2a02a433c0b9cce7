package org.segrad.losses;

import static org.segrad.losses.Terms.add;
import static org.segrad.losses.Terms.constant;
import static org.segrad.losses.Terms.detach;
import static org.segrad.losses.Terms.log;
import static org.segrad.losses.Terms.mul;
import static org.segrad.losses.Terms.neg;
import static org.segrad.losses.Terms.pow;
import static org.segrad.losses.Terms.sub;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The seven named losses as short declarations in the term algebra, with every option of today's classes
 * (validated as {@link Losses#create} validates them). The property tests prove each equal, value and gradient, to
 * the hand-written class of the same name; training keeps using those classes (their fused kernels).
 * <pre>
 * ce        ce
 * dice      dice
 * tversky   tversky
 * focal     mean(w_α · (1 − pt)^γ · −log pt)                  (w_α the per-class α; γ = 0: mean(w_α · −log pt))
 * ce+dice   ce + λ · dice
 * ml        dice · ce
 * caml      dice · ce ^ detach((1 − pbar) ^ dicecoef)          confidence=max: pmax; detach=false: no detach
 *           dice · wmean((−log pt) ^ detach((1 − pt) ^ dicecoef))   granularity=pixel (pm for confidence=max)
 *           dice · ce ^ a,  dice · wmean((−log pt) ^ a)             alpha=a (a number)
 * </pre>
 */
public final class Declarations {
    private Declarations() {}

    private static final Set<String> CE_KEYS = Set.of("weights", "ignore-index");
    private static final Set<String> CAML_KEYS = Set.of("confidence", "granularity", "detach", "alpha");

    /** The declaration of named loss {@code name} with {@code options} (as {@link Losses#create(String, Map)}). */
    public static Term of(String name, Map<String, String> options) {
        LossOptions o = LossOptions.parse(name, options);
        int ignore = new OptionValues(name, options).ignoreIndex();
        return switch (name) {
            case "ce" -> Terms.ce(options);
            case "dice" -> Terms.dice(options);
            case "tversky" -> Terms.tversky(options);
            case "focal" -> focal(o.focal, ignore);
            case "ce+dice" -> add(Terms.ce(only(options, CE_KEYS)), mul(constant(o.lambda), Terms.dice(diceOptions(options))));
            case "ml" -> mul(Terms.dice(diceOptions(options)), Terms.ce(only(options, CE_KEYS)));
            case "caml" -> caml(o, options, ignore);
            default -> throw new IllegalArgumentException("unknown loss '" + name + "'");
        };
    }

    private static Term focal(FocalOptions o, int ignore) {
        Term pt = Terms.pt(ignore);
        Term body = neg(log(pt));
        if (o.gamma() != 0) body = mul(pow(sub(constant(1), pt), o.gamma()), body);
        if (o.alpha() != null) body = mul(Terms.classWeights(o.alpha(), ignore), body);
        return Terms.mean(body, ignore);
    }

    private static Term caml(LossOptions o, Map<String, String> options, int ignore) {
        Term dice = Terms.dice(diceOptions(options));
        Term ce = Terms.ce(only(options, CE_KEYS));
        boolean max = o.caml.confidence() == LossOptions.Confidence.MAX;
        boolean pixel = o.caml.granularity() == LossOptions.Granularity.PIXEL;
        Term alpha;
        if (o.caml.fixedAlpha()) {
            alpha = constant(o.caml.alpha());
        } else {
            Term confidence = pixel ? (max ? Terms.pm(ignore) : Terms.pt(ignore)) : (max ? Terms.pmax(ignore) : Terms.pbar(ignore));
            alpha = pow(sub(constant(1), confidence), Terms.dicecoef(dice));
            if (o.caml.detach()) alpha = detach(alpha);
        }
        if (!pixel) return mul(dice, pow(ce, alpha));
        Term ell = neg(log(Terms.pt(ignore)));
        return mul(dice, Terms.weightedMean(pow(ell, alpha), o.ce.weights(), ignore));
    }

    /** The options of the Dice factor: everything but the CE and CAML keys (ignore-index is shared). */
    private static Map<String, String> diceOptions(Map<String, String> options) {
        Map<String, String> m = new LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (k.equals("ignore-index") || !(CE_KEYS.contains(k) || CAML_KEYS.contains(k) || k.equals("lambda"))) m.put(k, v);
        });
        return m;
    }

    private static Map<String, String> only(Map<String, String> options, Set<String> keys) {
        Map<String, String> m = new LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (keys.contains(k)) m.put(k, v);
        });
        return m;
    }
}
