package org.segrad.losses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The loss expression language: a loss typed as a formula of terms, e.g.
 * {@code dice * ce ^ detach((1 - pbar) ^ dicecoef)} (CAML's default reading),
 * {@code ce + 0.5 * tversky(alpha=0.3, beta=0.7)}, {@code mean(-(1 - pt) ^ 2 * log(pt)) * dice}.
 * <pre>
 * expr    = sum
 * sum     = product { ("+" | "-") product }
 * product = unary { ("*" | "/") unary }
 * unary   = "-" unary | power                   (so -x^2 = -(x^2))
 * power   = primary [ "^" unary ]               (right-associative: a^b^c = a^(b^c); 2^-1 allowed)
 * primary = number | "(" sum ")" | ("detach" | "log" | "exp" | "mean") "(" sum ")"
 *         | term [ "(" [ key "=" value { "," key "=" value } ] ")" ]
 * term    = ce | dice | tversky | focal | ml | caml | pbar | pmax | dicecoef | pt | pm   (see {@link TermRegistry})
 * </pre>
 * {@code pt} and {@code pm} are per pixel; {@code mean(e)} averages a per-pixel e over the pixels that are not
 * ignored; the whole loss must be a scalar. Every expression gets both faces (autodiff and analytic).
 */
public final class LossExpressions {
    private LossExpressions() {}

    /** Parses {@code expression} into a term (scalar or per pixel). */
    public static Term parse(String expression) {
        return parse(expression, Map.of());
    }

    /**
     * Parses {@code expression}; {@code options} apply to every term that accepts them (e.g. {@code ignore-index},
     * which also sets the pixels of {@code mean}); a term's own options win. The result must be a scalar.
     */
    public static Term parse(String expression, Map<String, String> options) {
        return new ExpressionParser(expression, options).parse();
    }

    /**
     * Splits a comma-separated list of loss names and expressions (the CLI's {@code --losses A,B,…}) at the commas
     * outside parentheses, so that {@code "ce, tversky(alpha=0.3, beta=0.7)"} is two losses; items are trimmed, and an
     * empty item is an error. An unclosed parenthesis ends its item at the end of the list (the parser then reports it).
     */
    public static List<String> splitList(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i <= list.length(); i++) {
            char c = i < list.length() ? list.charAt(i) : ',';
            if (c == '(') depth++;
            else if (c == ')') depth = Math.max(0, depth - 1);
            else if (c == ',' && (depth == 0 || i == list.length())) { // an unclosed '(' keeps its item, for the parser to reject
                String item = list.substring(start, i).trim();
                if (item.isEmpty()) throw new IllegalArgumentException("loss list '" + list + "' has an empty item at column " + (start + 1));
                out.add(item);
                start = i + 1;
            }
        }
        return out;
    }

    /** The expression as a {@link SegLoss} named by the expression. */
    public static SegLoss create(String expression, Map<String, String> options) {
        return new ExpressionLoss(expression.trim(), parse(expression, options));
    }
}
