package org.segrad.losses;

import org.segrad.autodiff.Tensor;
import org.segrad.kernels.ExpressionKernels;

/**
 * The one-argument combinators, each rule once per face (a per-pixel argument gives a per-pixel result):
 * <pre>
 * neg      y = −a          ∂a = −ȳ
 * log      y = log a       ∂a = ȳ / a
 * exp      y = e^a         ∂a = ȳ · y
 * detach   y = a           ∂a = 0        (a stop-gradient: the value moves, the gradient does not flow)
 * </pre>
 */
final class UnaryTerm extends Term {
    enum Op { NEG, LOG, EXP, DETACH }

    final Op op;
    final Term a;

    UnaryTerm(Op op, Term a) {
        this.op = op;
        this.a = a;
    }

    @Override
    public boolean perPixel() {
        return a.perPixel();
    }

    @Override
    Tensor buildComposite(TermContext c) {
        Tensor x = c.composite(a);
        return switch (op) {
            case NEG -> x.neg();
            case LOG -> x.log();
            case EXP -> x.exp();
            case DETACH -> x.detach();
        };
    }

    @Override
    Node buildAnalytic(TermContext c) {
        Node x = c.analytic(a);
        int code = switch (op) {
            case NEG -> ExpressionKernels.NEG;
            case LOG -> ExpressionKernels.LOG;
            case EXP -> ExpressionKernels.EXP;
            case DETACH -> ExpressionKernels.DETACH;
        };
        double[] v = new double[x.v.length];
        ExpressionKernels.unary(code, x.v, v);
        if (op == Op.DETACH) return Node.constant(v, x.perPixel);
        return new Node(v, x.perPixel, (up, gz) -> {
            double[] ua = new double[v.length];
            ExpressionKernels.unaryBackward(code, up, x.v, v, ua);
            x.backward(ua, gz);
        });
    }

    @Override
    public String toString() {
        return switch (op) {
            case NEG -> "-" + a;
            case LOG -> "log(" + a + ")";
            case EXP -> "exp(" + a + ")";
            case DETACH -> "detach(" + a + ")";
        };
    }
}
