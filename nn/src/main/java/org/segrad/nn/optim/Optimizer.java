package org.segrad.nn.optim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.OptimizerKernels;
import org.segrad.kernels.StridedKernels;
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
    /** Per parameter, two double arrays its float gradient and values are widened into each step (not reallocated). */
    private final Map<Parameter, double[][]> widened = new IdentityHashMap<>();
    /** State of parameters on a device, kept there (same order as {@link #stateNames()}; null = none). */
    private final Map<Parameter, Tensor[]> deviceState = new IdentityHashMap<>();
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
            Tensor t = p.data();
            if (!t.device().isCpu()) {
                Tensor[] ds = deviceState.computeIfAbsent(p, q -> newDeviceState(t, state.remove(q)));
                updateOnDevice(t, g, ds);
                continue;
            }
            double[][] s = state.computeIfAbsent(p, q -> newState(q.numel()));
            double[][] scratch = widened.computeIfAbsent(p, q -> new double[2][0]);
            double[] gd = OptimizerKernels.inDouble(g.data(), scratch, 0);
            double[] w = OptimizerKernels.inDouble(t.data(), scratch, 1);
            update(w, gd, s); // in place when the parameter is FLOAT64
            if (w != t.data()) StridedKernels.cast(w, t.data());
        }
    }

    /**
     * Updates one parameter's values {@code w} in place from its gradient {@code g} (both in double; {@code g} must
     * not be modified) and its state
     * arrays {@code s} (created by {@link #newState(int)}, updated in place).
     */
    protected abstract void update(double[] w, double[] g, double[][] s);

    /**
     * The state of parameter {@code w} on its device, from {@code host} (state made on the CPU or loaded by
     * {@link #loadStateDict}; null for a fresh start). Not supported unless a subclass overrides it.
     */
    protected Tensor[] newDeviceState(Tensor w, double[][] host) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no step on " + w.device()
                + " (Adam and AdamW have); move the model to the CPU with Module.to(Device.CPU)");
    }

    /** One update of {@code w} in place on its device from {@code g} and the state {@link #newDeviceState} made. */
    protected void updateOnDevice(Tensor w, Tensor g, Tensor[] s) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no step on " + w.device());
    }

    /** The state arrays of a parameter with {@code n} elements (their initial contents are zeros). */
    protected abstract double[][] newState(int n);

    /** Names of the arrays {@link #newState(int)} returns, in the same order (keys of {@link #stateDict()}). */
    protected abstract String[] stateNames();

    /**
     * A snapshot of the optimizer for resuming training: {@code lr} and {@code steps} (0-d), and for the i-th
     * parameter (in the constructor's order) that has state, {@code state.<i>.<name>} (FLOAT64, 1-d; empty arrays are
     * left out). Save it next to the model, e.g. with {@code Safetensors.write} and {@code TensorArrays}.
     */
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        out.put("lr", Tensor.scalar(lr, DType.FLOAT64));
        out.put("steps", Tensor.scalar(steps, DType.FLOAT64));
        String[] names = stateNames();
        for (int i = 0; i < params.size(); i++) {
            double[][] s = state.get(params.get(i));
            Tensor[] ds = deviceState.get(params.get(i));
            if (ds != null) {
                for (int j = 0; j < ds.length; j++) {
                    if (ds[j] != null) out.put("state." + i + "." + names[j], Tensor.fromArray(ds[j].toDoubleArray(), ds[j].numel()));
                }
            }
            if (s == null) continue;
            for (int j = 0; j < s.length; j++) {
                if (s[j].length > 0) out.put("state." + i + "." + names[j], Tensor.fromArray(s[j].clone(), s[j].length));
            }
        }
        return out;
    }

    /**
     * Restores a {@link #stateDict()} of an optimizer of the same kind and settings over parameters of the same
     * shapes. Everything is checked before anything changes; errors name the key, the expected and the actual value.
     */
    public void loadStateDict(Map<String, Tensor> dict) {
        for (String k : new String[] {"lr", "steps"}) {
            Tensor t = dict.get(k);
            if (t == null || t.numel() != 1) throw new IllegalArgumentException("optimizer state: '" + k + "' must be a one-element tensor, got " + t);
        }
        List<String> names = List.of(stateNames());
        Map<Parameter, double[][]> loaded = new IdentityHashMap<>();
        for (Map.Entry<String, Tensor> e : dict.entrySet()) {
            String k = e.getKey();
            if (k.equals("lr") || k.equals("steps")) continue;
            String[] f = k.split("\\.");
            int i = f.length == 3 && f[0].equals("state") && f[1].matches("\\d{1,9}") ? Integer.parseInt(f[1]) : -1;
            if (i < 0 || i >= params.size() || !names.contains(f[2])) {
                throw new IllegalArgumentException("optimizer state: unexpected key '" + k + "' (expected state.<0.." + (params.size() - 1)
                        + ">." + names + ")");
            }
            double[][] s = loaded.computeIfAbsent(params.get(i), q -> newState(q.numel()));
            int j = names.indexOf(f[2]);
            if (e.getValue().numel() != s[j].length) {
                throw new IllegalArgumentException("optimizer state: '" + k + "' has " + e.getValue().numel() + " values but expected " + s[j].length);
            }
            StridedKernels.cast(e.getValue().data(), s[j]);
        }
        for (int i = 0; i < params.size(); i++) {
            double[][] s = loaded.get(params.get(i));
            if (s == null) continue;
            for (int j = 0; j < s.length; j++) {
                if (s[j].length > 0 && !dict.containsKey("state." + i + "." + names.get(j))) {
                    throw new IllegalArgumentException("optimizer state: missing key 'state." + i + "." + names.get(j) + "'");
                }
            }
        }
        setLr(dict.get("lr").item());
        steps = (long) dict.get("steps").item();
        state.clear();
        state.putAll(loaded);
        deviceState.values().forEach(ds -> {
            for (Tensor t : ds) if (t != null) t.releaseDeviceArray();
        });
        deviceState.clear();
    }

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
