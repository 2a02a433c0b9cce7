package org.segrad.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;

/** The grammar (precedence, associativity), option handling and the caret errors of loss expressions. */
class LossExpressionsTest {
    private static final Tensor Z = Tensor.of(DType.FLOAT64, new double[] {0.3, -1.2, 2.0, 0.1, 0.7, 0.5, -0.4, 1.1, 0.9, -2.0, 0.0, 0.2}, 1, 3, 2, 2);
    private static final Tensor Y = Tensor.of(DType.FLOAT64, new double[] {0, 2, 1, 1}, 1, 2, 2);

    private static String tree(String expr) {
        return LossExpressions.parse(expr).toString();
    }

    private static double value(String expr) {
        return Losses.create(expr, Map.of()).analytic(Z, Y).value();
    }

    private static String error(String expr) {
        return error(expr, Map.of());
    }

    private static String error(String expr, Map<String, String> options) {
        return assertThrows(IllegalArgumentException.class, () -> Losses.create(expr, options)).getMessage();
    }

    @Test
    void powerBindsTighterThanUnaryMinus() {
        assertEquals("-(pbar ^ 2)", tree("-pbar^2"));
        double pbar = value("pbar");
        assertEquals(-(pbar * pbar), value("-pbar^2"), 1e-15);
        assertEquals(pbar * pbar, value("(-pbar)^2"), 1e-15);
    }

    @Test
    void powerIsRightAssociativeAndTakesASignedExponent() {
        assertEquals("(pbar ^ (dicecoef ^ pmax))", tree("pbar ^ dicecoef ^ pmax"));
        assertEquals("(pbar ^ -dicecoef)", tree("pbar ^ -dicecoef"));
        double pbar = value("pbar");
        assertEquals(Math.pow(pbar, Math.pow(2, 3)), value("pbar ^ 2 ^ 3"), 1e-15);
        assertEquals(1 / pbar, value("pbar ^ -1"), 1e-15);
    }

    @Test
    void sumsAndProductsAreLeftAssociativeWithTheUsualPrecedence() {
        assertEquals("((ce - dice) - pbar)", tree("ce - dice - pbar"));
        assertEquals("((ce / dice) / pbar)", tree("ce / dice / pbar"));
        assertEquals("(ce + (dice * pbar))", tree("ce + dice * pbar"));
        assertEquals("((ce + dice) * pbar)", tree("(ce + dice) * pbar"));
        assertEquals(value("ce") - value("dice") - value("pbar"), value("ce - dice - pbar"), 1e-15);
    }

    @Test
    void numbersFoldAndAcceptExponents() {
        assertEquals(0.5, value("2 ^ -1"), 0);
        assertEquals(1e-3 * value("ce"), value("1e-3 * ce"), 1e-18);
        assertEquals(value("ce") * 2.5, value(" 2.5*ce "), 1e-15);
    }

    @Test
    void termsTakeTheirOptionsAndOutsideOptionsFillIn() {
        assertEquals("(ce + (0.5 * tversky(alpha=0.3, beta=0.7)))", tree("ce + 0.5 * tversky(alpha=0.3, beta=0.7)"));
        assertEquals("ce(weights=0.5,1,2, ignore-index=255)", tree("ce(weights=0.5,1,2, ignore-index=255)"));
        assertEquals(Losses.create("focal", Map.of("gamma", "3")).analytic(Z, Y).value(), value("focal(gamma=3)"), 0);
        // Outside options apply to every term that takes them; a term's own value wins.
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put("reduce", "image");
        SegLoss l = Losses.create("dice + dice(reduce=batch)", opts);
        double expected = Losses.create("dice", Map.of("reduce", "image")).analytic(Z, Y).value() + value("dice");
        assertEquals(expected, l.analytic(Z, Y).value(), 1e-15);
    }

    @Test
    void namesKeepTodaysClassesAndExpressionsOfThemAgree() {
        assertInstanceOf(CamlLoss.class, Losses.create("caml", Map.of("granularity", "pixel")));
        assertInstanceOf(CeDiceLoss.class, Losses.create("ce+dice", Map.of()));
        SegLoss expr = Losses.create("ce + dice", Map.of());
        assertInstanceOf(ExpressionLoss.class, expr);
        assertEquals("ce + dice", expr.name());
        LossValue a = expr.analytic(Z, Y), b = Losses.create("ce+dice", Map.of()).analytic(Z, Y);
        assertEquals(b.value(), a.value(), 1e-15);
        assertTrue(Grads.relError(a.gradient(), b.gradient()) <= 1e-15);
        assertEquals(value("caml"), value("dice * ce ^ detach((1 - pbar) ^ dicecoef)"), 1e-15);
        assertEquals(value("caml"), value("caml(alpha=auto)"), 0);
    }

    @Test
    void malformedExpressionsGiveOneErrorWithACaret() {
        assertEquals("loss expression: unexpected end of the expression: expected a number, a term or '(' (column 6)\n"
                + "  ce + \n"
                + "       ^", error("ce + "));
        assertEquals("loss expression: unexpected end of the expression: expected ')' (column 18)\n"
                + "  dice * (ce + pbar\n"
                + "                   ^", error("dice * (ce + pbar"));
        assertEquals("loss expression: unexpected '$' (column 4)\n"
                + "  ce $ dice\n"
                + "     ^", error("ce $ dice"));
        assertEquals("loss expression: expected '=' after option gamma (column 12)\n"
                + "  focal(gamma)\n"
                + "             ^", error("focal(gamma)"));
        assertEquals("loss expression: option gamma is given twice (column 16)\n"
                + "  focal(gamma=2, gamma=3)\n"
                + "                 ^", error("focal(gamma=2, gamma=3)"));
        assertEquals("loss expression: log needs an argument in parentheses: log(...) (column 10)\n"
                + "  ce * log pt\n"
                + "           ^", error("ce * log pt"));
        String unknown = error("ce + cee * 2");
        assertTrue(unknown.startsWith("loss expression: unknown term 'cee' (expected a number, one of ce, dice, tversky, focal, ml, caml, pbar, pmax, dicecoef, pt, pm, or detach(), log(), exp(), mean()) (column 6)\n"), unknown);
        assertTrue(unknown.endsWith("\n  ce + cee * 2\n       ^"), unknown);
    }

    @Test
    void aLossMustBeAScalar() {
        assertEquals("loss expression: the loss is per pixel here; a loss must be a scalar: average per-pixel terms with mean(...) (column 12)\n"
                + "  mean(pt) * pt\n"
                + "             ^", error("mean(pt) * pt"));
        assertEquals("loss expression: mean(...) averages a per-pixel term such as pt; 'ce' is already a scalar (column 1)\n"
                + "  mean(ce)\n"
                + "  ^", error("mean(ce)"));
    }

    @Test
    void optionsAreValidated() {
        assertEquals("loss expression: loss tversky: option alpha must be a finite number >= 0, got '-1' (column 6)\n"
                + "  ce + tversky(alpha=-1)\n"
                + "       ^", error("ce + tversky(alpha=-1)"));
        assertEquals("loss expression: term pt: unknown option 'gamma' (accepted: ignore-index) (column 8)\n"
                + "  mean(1-pt(gamma=2))\n"
                + "         ^", error("mean(1-pt(gamma=2))"));
        assertEquals("loss expression: loss caml: option granularity must be batch or pixel, got 'voxel' (column 1)\n"
                + "  caml(granularity=voxel) + ce\n"
                + "  ^", error("caml(granularity=voxel) + ce"));
        assertEquals("option 'gamma' is accepted by no term of the loss 'ce + dice'", error("ce + dice", Map.of("gamma", "2")));
        assertEquals("unknown loss 'cee' (expected one of ce, dice, ce+dice, focal, tversky, ml, caml)", error("cee"));
    }

    @Test
    void listsSplitAtTopLevelCommasOnly() {
        assertEquals(java.util.List.of("ce", "tversky(alpha=0.3, beta=0.7)", "dice * ce ^ detach((1 - pbar) ^ dicecoef)", "ce+dice"),
                LossExpressions.splitList("ce, tversky(alpha=0.3, beta=0.7),dice * ce ^ detach((1 - pbar) ^ dicecoef) , ce+dice"));
        assertEquals(java.util.List.of("ce(weights=0.5,1,2)"), LossExpressions.splitList("ce(weights=0.5,1,2)"));
        assertEquals(java.util.List.of("ce", "dice * (ce, log("), LossExpressions.splitList("ce,dice * (ce, log("), "unclosed: kept");
        assertEquals("loss list 'ce,,dice' has an empty item at column 4", error(() -> LossExpressions.splitList("ce,,dice")));
    }

    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void ignoredPixelsLeaveMeanAndTheTerms() {
        Tensor y = Tensor.of(DType.FLOAT64, new double[] {0, 255, 1, 1}, 1, 2, 2);
        Map<String, String> ignore = Map.of("ignore-index", "255");
        LossValue expr = Losses.create("mean(-log(pt))", ignore).analytic(Z, y);
        LossValue ce = Losses.create("ce", ignore).analytic(Z, y);
        assertEquals(ce.value(), expr.value(), 1e-15);
        assertTrue(Grads.relError(expr.gradient(), ce.gradient()) <= 1e-15);
        assertEquals(0.0, expr.gradient().get(1), 0.0); // pixel 1, class 0: ignored
    }
}
