package org.segrad.losses;

import org.segrad.autodiff.Tensor;

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
        double[] v = new double[x.v.length];
        for (int i = 0; i < v.length; i++) {
            double xi = x.v[i];
            v[i] = switch (op) {
                case NEG -> -xi;
                case LOG -> Math.log(xi);
                case EXP -> Math.exp(xi);
                case DETACH -> xi;
            };
        }
        if (op == Op.DETACH) return Node.constant(v, x.perPixel);
        return new Node(v, x.perPixel, (up, gz) -> {
            double[] ua = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                ua[i] = switch (op) {
                    case NEG -> -up[i];
                    case LOG -> up[i] / x.v[i];
                    case EXP -> up[i] * v[i];
                    case DETACH -> 0;
                };
            }
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
