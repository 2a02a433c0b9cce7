package org.segrad.losses;

import org.segrad.autodiff.Tensor;
import org.segrad.kernels.ExpressionKernels;

/**
 * The two-argument combinators, each rule once per face. A scalar operand broadcasts over a per-pixel one (its
 * gradient is then the sum over the pixels); ȳ is the upstream gradient.
 * <pre>
 * add   y = a + b      ∂a = ȳ            ∂b = ȳ
 * sub   y = a − b      ∂a = ȳ            ∂b = −ȳ
 * mul   y = a · b      ∂a = ȳ b          ∂b = ȳ a                       (product rule)
 * div   y = a / b      ∂a = ȳ / b        ∂b = −ȳ y / b                  (quotient rule)
 * pow   y = a^k        ∂a = ȳ k a^{k−1}                                 (k a constant integer: any real a)
 * pow   y = ã^b        ∂a = ȳ b y / ã [a ≥ ε]   ∂b = ȳ y log ã          (ã = max(a, ε), ε = 1e-30)
 * </pre>
 * A power with a term or non-integer exponent is e^{b log ã}: defined for a ≥ 0, finite at a = 0 (extreme logits),
 * with the gradient 0 below the floor ε (its limit), as CAML and focal have always computed it.
 */
final class BinaryTerm extends Term {
    enum Op { ADD, SUB, MUL, DIV, POW }

    static final double FLOOR = FocalLoss.FLOOR;

    final Op op;
    final Term a;
    final Term b;

    BinaryTerm(Op op, Term a, Term b) {
        this.op = op;
        this.a = a;
        this.b = b;
    }

    @Override
    public boolean perPixel() {
        return a.perPixel() || b.perPixel();
    }

    /** The exponent is a constant integer: a plain polynomial power. */
    private boolean integerPower() {
        return op == Op.POW && b.unwrap() instanceof ConstTerm k && k.isInteger();
    }

    @Override
    Tensor buildComposite(TermContext c) {
        Tensor x = c.composite(a);
        if (integerPower()) return x.pow(((ConstTerm) b.unwrap()).value);
        Tensor y = c.composite(b);
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case POW -> y.mul(x.clamp(FLOOR, Double.MAX_VALUE).log()).exp();
        };
    }

    @Override
    Node buildAnalytic(TermContext c) {
        Node x = c.analytic(a);
        Node y = c.analytic(b);
        boolean pixels = x.perPixel || y.perPixel;
        int n = pixels ? Math.max(x.v.length, y.v.length) : 1;
        int code = switch (op) {
            case ADD -> ExpressionKernels.ADD;
            case SUB -> ExpressionKernels.SUB;
            case MUL -> ExpressionKernels.MUL;
            case DIV -> ExpressionKernels.DIV;
            case POW -> integerPower() ? ExpressionKernels.POW_INT : ExpressionKernels.POW;
        };
        double[] v = new double[n];
        ExpressionKernels.binary(code, x.v, x.perPixel, y.v, y.perPixel, FLOOR, v);
        return new Node(v, pixels, (up, gz) -> {
            double[] ua = new double[x.v.length];
            double[] ub = new double[y.v.length];
            ExpressionKernels.binaryBackward(code, up, x.v, x.perPixel, y.v, y.perPixel, v, FLOOR, ua, ub);
            x.backward(ua, gz);
            y.backward(ub, gz);
        });
    }

    @Override
    public String toString() {
        String sym = switch (op) {
            case ADD -> " + ";
            case SUB -> " - ";
            case MUL -> " * ";
            case DIV -> " / ";
            case POW -> " ^ ";
        };
        return "(" + a + sym + b + ")";
    }
}
