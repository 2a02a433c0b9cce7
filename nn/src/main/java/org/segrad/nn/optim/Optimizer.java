package org.segrad.nn.optim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;
import org.segrad.nn.Parameter;

/**
 * Updates a fixed list of parameters from their gradients, in place, like {@code torch.optim.Optimizer} with one
 * parameter group. A parameter whose gradient is null (not reached, or dropped by {@link #zeroGrad()}) is skipped
 * and its state is left untouched, as in PyTorch.
 *
 * <p>Per-parameter state (momentum buffers, moment estimates) is kept in double precision whatever the parameter's
 * dtype; FLOAT32 parameters are rounded once per step when written back.
 */
public abstract class Optimizer {
    private final List<Parameter> params;
    private final Map<Parameter, double[][]> state = new IdentityHashMap<>();
    private double lr;
    private long steps;

    protected Optimizer(List<Parameter> params, double lr) {
        if (params == null || params.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + ": empty parameter list");
        checkNonNegative("lr", lr);
        this.params = List.copyOf(params);
        this.lr = lr;
    }

    /** One update of every parameter that has a gradient. */
    public final void step() {
        steps++;
        for (Parameter p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            double[][] s = state.computeIfAbsent(p, q -> newState(q.numel()));
            Tensor t = p.data();
            double[] gd = g.dtype() == DType.FLOAT64 ? g.doubleData() : g.toDoubleArray();
            if (t.dtype() == DType.FLOAT64) {
                update(t.doubleData(), gd, s); // in place
            } else {
                double[] w = t.toDoubleArray();
                update(w, gd, s);
                float[] f = t.floatData();
                for (int i = 0; i < w.length; i++) f[i] = (float) w[i];
            }
        }
    }

    /**
     * Updates one parameter's values {@code w} in place from its gradient {@code g} (both in double; {@code g} must
     * not be modified) and its state
     * arrays {@code s} (created by {@link #newState(int)}, updated in place).
     */
    protected abstract void update(double[] w, double[] g, double[][] s);

    /** The state arrays of a parameter with {@code n} elements (their initial contents are zeros). */
    protected abstract double[][] newState(int n);

    /** Drops every parameter's gradient ({@code zero_grad(set_to_none=True)}). */
    public void zeroGrad() {
        for (Parameter p : params) p.zeroGrad();
    }

    /** The learning rate used by the next {@link #step()}. */
    public double lr() { return lr; }

    /** Sets the learning rate (what LR schedules call). */
    public void setLr(double lr) {
        checkNonNegative("lr", lr);
        this.lr = lr;
    }

    /** How many times {@link #step()} ran. */
    public long steps() { return steps; }

    public List<Parameter> parameters() { return new ArrayList<>(params); }

    protected static void checkNonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException("invalid " + name + ": " + v + " (must be finite and >= 0)");
    }

    protected static void checkBeta(String name, double v) {
        if (!(v >= 0 && v < 1)) throw new IllegalArgumentException("invalid " + name + ": " + v + " (must be in [0, 1))");
    }
}
