package org.segrad.kernels;

/**
 * The element rules of the losses' analytic expression tree, over float64 vectors: a node's value is one number (a
 * scalar, broadcast: x(i) = x[0]) or one per pixel (x(i) = x[i]); a backward writes or adds upstream·∂ into its
 * operands' upstream arrays, a scalar operand's entry summing over the pixels in pixel order.
 * <pre>
 * NEG  −x        ∂x = −ȳ          ADD  a + b   ∂a = ȳ        ∂b = ȳ
 * LOG  log x     ∂x = ȳ / x       SUB  a − b   ∂a = ȳ        ∂b = −ȳ
 * EXP  e^x       ∂x = ȳ y         MUL  a · b   ∂a = ȳ b      ∂b = ȳ a
 * DETACH x       ∂x = 0           DIV  a / b   ∂a = ȳ / b    ∂b = −ȳ y / b
 * POW_INT  a^k (k a constant integer)  ∂a = ȳ k a^{k−1} (0 when k = 0)
 * POW      e^{b log ã}, ã = max(a, floor)  ∂a = ȳ b y / ã [a ≥ floor]  ∂b = ȳ y log ã
 * </pre>
 * Contracts: inputs are read only; "overwrites" writes every element of the output, "adds into" only adds.
 */
public final class ExpressionKernels {
    /** Unary operation codes. */
    public static final int NEG = 0, LOG = 1, EXP = 2, DETACH = 3;
    /** Binary operation codes. */
    public static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, POW_INT = 4, POW = 5;

    private ExpressionKernels() {}

    /** v[i] = op(x[i]) for i &lt; v.length. Overwrites v. */
    public static void unary(int op, double[] x, double[] v) {
        for (int i = 0; i < v.length; i++) {
            double xi = x[i];
            v[i] = switch (op) {
                case NEG -> -xi;
                case LOG -> Math.log(xi);
                case EXP -> Math.exp(xi);
                default -> xi;
            };
        }
    }

    /** ua[i] = ∂x of op at x[i] (v = op(x), up the upstream) for i &lt; ua.length. Overwrites ua. */
    public static void unaryBackward(int op, double[] up, double[] x, double[] v, double[] ua) {
        for (int i = 0; i < ua.length; i++) {
            ua[i] = switch (op) {
                case NEG -> -up[i];
                case LOG -> up[i] / x[i];
                case EXP -> up[i] * v[i];
                default -> 0;
            };
        }
    }

    /** v[i] = x(i) op y(i) for i &lt; v.length. Overwrites v. */
    public static void binary(int op, double[] x, boolean xPixels, double[] y, boolean yPixels, double floor, double[] v) {
        for (int i = 0; i < v.length; i++) {
            double xi = xPixels ? x[i] : x[0], yi = yPixels ? y[i] : y[0];
            v[i] = switch (op) {
                case ADD -> xi + yi;
                case SUB -> xi - yi;
                case MUL -> xi * yi;
                case DIV -> xi / yi;
                case POW_INT -> Math.pow(xi, yi);
                default -> Math.exp(yi * Math.log(Math.max(xi, floor)));
            };
        }
    }

    /**
     * The two operands' upstream gradients of v = x op y (up: v's upstream, one entry per entry of v):
     * ua[xPixels ? i : 0] += ∂a, ub[yPixels ? i : 0] += ∂b for each i in order. Adds into ua and ub.
     */
    public static void binaryBackward(int op, double[] up, double[] x, boolean xPixels, double[] y, boolean yPixels, double[] v,
                                      double floor, double[] ua, double[] ub) {
        for (int i = 0; i < v.length; i++) {
            double u = up[i], xi = xPixels ? x[i] : x[0], yi = yPixels ? y[i] : y[0];
            double da, db;
            switch (op) {
                case ADD -> { da = u; db = u; }
                case SUB -> { da = u; db = -u; }
                case MUL -> { da = u * yi; db = u * xi; }
                case DIV -> { da = u / yi; db = -u * v[i] / yi; }
                case POW_INT -> {
                    da = yi == 0 ? 0 : u * yi * Math.pow(xi, yi - 1);
                    db = 0;
                }
                default -> {
                    double xt = Math.max(xi, floor);
                    da = xi >= floor ? u * yi * v[i] / xt : 0;
                    db = u * v[i] * Math.log(xt);
                }
            }
            ua[xPixels ? i : 0] += da;
            ub[yPixels ? i : 0] += db;
        }
    }

    /** g[j] += a·x[j] for j &lt; g.length. Adds into g. */
    public static void addScaled(double[] g, double a, double[] x) {
        for (int j = 0; j < g.length; j++) g[j] += a * x[j];
    }

    /** out[j] = a·x[j] + b·y[j] for j &lt; out.length. Overwrites out. */
    public static void combine(double a, double[] x, double b, double[] y, double[] out) {
        for (int j = 0; j < out.length; j++) out[j] = a * x[j] + b * y[j];
    }
}
