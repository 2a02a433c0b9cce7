package org.segrad.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segrad.autodiff.DType;
import org.segrad.autodiff.Device;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.StridedKernels;

/**
 * A node of a network, like {@code torch.nn.Module}: it owns parameters, buffers and child modules under local names,
 * and everything below it is addressed by dotted names ({@code down.0.1.weight}).
 *
 * <p>Ordering follows PyTorch: a module lists its own parameters (registration order), then its own buffers, then
 * each child's entries in registration order, recursively. {@link #stateDict()} therefore has the key order of
 * PyTorch's {@code state_dict()}.
 *
 * <p>A new module is in training mode; {@link #train(boolean)} / {@link #eval()} set the mode of the whole subtree
 * (BatchNorm uses batch statistics and updates its running ones in training, Dropout drops only in training).
 * Flipping that shared flag is not thread-safe: inference that may run beside other users of the model opens an
 * {@link InferenceMode} scope instead, which makes this thread's forwards eval-mode without writing anything.
 *
 * <p>Typical loop: {@code opt.zeroGrad(); loss(model.forward(x), y).backward(); opt.step();}.
 */
public abstract class Module {
    private final LinkedHashMap<String, Parameter> params = new LinkedHashMap<>();
    private final LinkedHashMap<String, Buffer> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The forward computation; records on the tape when gradients are enabled. */
    public abstract Tensor forward(Tensor x);

    // ------------------------------------------------------------------ registration (for subclasses)

    protected final Parameter registerParameter(String name, Parameter p) {
        checkName(name);
        params.put(name, p);
        return p;
    }

    protected final Buffer registerBuffer(String name, Buffer b) {
        checkName(name);
        buffers.put(name, b);
        return b;
    }

    protected final <M extends Module> M registerModule(String name, M m) {
        checkName(name);
        if (m == null) throw new IllegalArgumentException("registerModule: module '" + name + "' is null");
        children.put(name, m);
        return m;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("a local name must be non-empty and contain no '.', got '" + name + "'");
        }
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("name '" + name + "' is already registered in " + getClass().getSimpleName());
        }
    }

    // ------------------------------------------------------------------ mode

    /** Sets training mode on this module and every descendant; returns this. */
    public Module train(boolean on) {
        training = on;
        for (Module c : children.values()) c.train(on);
        return this;
    }

    public Module train() { return train(true); }

    public Module eval() { return train(false); }

    /**
     * Whether a forward on the calling thread runs in training mode: the flag set by {@link #train(boolean)}, unless
     * an {@link InferenceMode} scope is open on this thread (then false, whatever the flag). Layers read this, never
     * the flag itself, so an inference thread never sees another thread's mode and never changes it.
     */
    public boolean isTraining() { return training && !InferenceMode.isActive(); }

    /** The flag set by {@link #train(boolean)} / {@link #eval()}, whatever scope is open on this thread. */
    public boolean trainingFlag() { return training; }

    // ------------------------------------------------------------------ traversal

    /** Direct children by local name, in registration order. */
    public Map<String, Module> children() { return java.util.Collections.unmodifiableMap(children); }

    /** The child registered under {@code name}; fails naming the known children. */
    public Module child(String name) {
        Module m = children.get(name);
        if (m == null) throw new IllegalArgumentException("no child '" + name + "' in " + getClass().getSimpleName() + "; children: " + children.keySet());
        return m;
    }

    /** This module (name "") and every descendant, pre-order, by dotted name. */
    public LinkedHashMap<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        walk("", (prefix, m) -> out.put(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), m));
        return out;
    }

    /** Every parameter by dotted name, in PyTorch's {@code named_parameters()} order. */
    public LinkedHashMap<String, Parameter> namedParameters() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        walk("", (prefix, m) -> m.params.forEach((k, p) -> out.put(prefix + k, p)));
        return out;
    }

    /** Every parameter, in {@link #namedParameters()} order (what an optimizer takes). */
    public List<Parameter> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Every buffer by dotted name, in PyTorch's {@code named_buffers()} order. */
    public LinkedHashMap<String, Buffer> namedBuffers() {
        LinkedHashMap<String, Buffer> out = new LinkedHashMap<>();
        walk("", (prefix, m) -> m.buffers.forEach((k, b) -> out.put(prefix + k, b)));
        return out;
    }

    /** Total number of parameter elements. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) n += p.numel();
        return n;
    }

    private interface Visitor {
        void visit(String prefix, Module m);
    }

    private void walk(String prefix, Visitor v) {
        v.visit(prefix, this);
        children.forEach((k, c) -> c.walk(prefix + k + ".", v));
    }

    // ------------------------------------------------------------------ gradients, dtype

    /** Drops every parameter's gradient. */
    public void zeroGrad() {
        for (Parameter p : parameters()) p.zeroGrad();
    }

    /**
     * Converts every parameter and floating buffer to {@code dtype} (integer buffers stay exact); returns this.
     * Parameters get new leaf tensors, so create optimizers after calling this.
     */
    public Module to(DType dtype) {
        walk("", (prefix, m) -> {
            m.params.values().forEach(p -> p.convert(dtype));
            m.buffers.values().forEach(b -> b.convert(dtype));
        });
        return this;
    }

    /**
     * Moves every parameter and floating buffer to {@code device} (one upload each; integer buffers such as
     * {@code num_batches_tracked} stay on the CPU); returns this. Parameters get new leaf tensors, so create
     * optimizers after calling this. A device holds FLOAT32 only.
     */
    public Module to(Device device) {
        walk("", (prefix, m) -> {
            m.params.values().forEach(p -> p.moveTo(device));
            m.buffers.values().forEach(b -> b.moveTo(device));
        });
        return this;
    }

    /** The device of the first parameter (the CPU for a module without parameters). */
    public Device device() {
        List<Parameter> ps = parameters();
        return ps.isEmpty() ? Device.CPU : ps.get(0).data().device();
    }

    /** The dtype of the first parameter (FLOAT32 for a module without parameters). */
    public DType dtype() {
        List<Parameter> ps = parameters();
        return ps.isEmpty() ? DType.FLOAT32 : ps.get(0).dtype();
    }

    // ------------------------------------------------------------------ state dict

    /**
     * A snapshot of every parameter and buffer by dotted name, in PyTorch's {@code state_dict()} order (per module:
     * parameters, then buffers, then children). Values are detached copies on the CPU (downloaded from a device):
     * later training does not change them.
     * Integer buffers ({@code num_batches_tracked}) appear as 0-d FLOAT64 tensors; see {@link #integerKeys()}.
     */
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        walk("", (prefix, m) -> {
            m.params.forEach((k, p) -> out.put(prefix + k, p.data().cpuCopy()));
            m.buffers.forEach((k, b) -> out.put(prefix + k, b.data().cpuCopy()));
        });
        return out;
    }

    /** The state-dict keys whose values are whole numbers (stored as I64 in checkpoints). */
    public List<String> integerKeys() {
        List<String> out = new ArrayList<>();
        namedBuffers().forEach((k, b) -> {
            if (b.isInteger()) out.add(k);
        });
        return out;
    }

    /**
     * Copies {@code state} into this module's parameters and buffers, in place (tensors held elsewhere, e.g. by an
     * optimizer, stay valid); values are converted to each target's dtype.
     *
     * <p>Nothing is written unless every check passes. A key whose shape differs from the target's is always an
     * error. With {@code strict}, a missing key (expected but absent) or an unexpected key (present but unknown) is
     * an error too; without it they are only reported in the result. A 0-d target also accepts a one-element [1]
     * value (older checkpoints).
     *
     * @throws StateDictException naming every missing, unexpected and mis-shaped key
     */
    public LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        LinkedHashMap<String, Tensor> targets = new LinkedHashMap<>();
        namedParameters().forEach((k, p) -> targets.put(k, p.data()));
        namedBuffers().forEach((k, b) -> targets.put(k, b.data()));
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), misshaped = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : targets.entrySet()) {
            Tensor v = state.get(e.getKey());
            if (v == null) missing.add(e.getKey());
            else if (!shapeCompatible(e.getValue().shape(), v.shape())) {
                misshaped.add(e.getKey() + ": expected " + Arrays.toString(e.getValue().shape()) + " but got " + Arrays.toString(v.shape()));
            }
        }
        for (String k : state.keySet()) if (!targets.containsKey(k)) unexpected.add(k);
        if (!misshaped.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            throw new StateDictException(getClass().getSimpleName(), missing, unexpected, misshaped);
        }
        targets.forEach((k, t) -> {
            Tensor v = state.get(k);
            if (v != null && !t.device().isCpu()) t.copyFrom(v);
            else if (v != null) StridedKernels.cast(v.data(), t.data());
        });
        return new LoadResult(missing, unexpected);
    }

    private static boolean shapeCompatible(int[] target, int[] value) {
        if (Arrays.equals(target, value)) return true;
        return target.length == 0 && value.length == 1 && value[0] == 1;
    }

    /** Keys a non-strict {@link #loadStateDict} skipped (PyTorch's {@code _IncompatibleKeys}). */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
        public LoadResult {
            missingKeys = List.copyOf(missingKeys);
            unexpectedKeys = List.copyOf(unexpectedKeys);
        }
    }

    // ------------------------------------------------------------------ checkpoints

    /**
     * Saves {@link #stateDict()} as a safetensors file that PyTorch loads ({@code num_batches_tracked} as I64),
     * atomically; see {@link Checkpoints}.
     */
    public void save(java.nio.file.Path path) throws java.io.IOException {
        Checkpoints.save(this, path);
    }

    /** Loads a safetensors checkpoint (for example one saved by PyTorch) strictly; see {@link Checkpoints}. */
    public LoadResult load(java.nio.file.Path path) throws java.io.IOException {
        return Checkpoints.load(this, path, true);
    }

    /** Loads a safetensors checkpoint; without {@code strict}, missing and unexpected keys are only reported. */
    public LoadResult load(java.nio.file.Path path, boolean strict) throws java.io.IOException {
        return Checkpoints.load(this, path, strict);
    }

    // ------------------------------------------------------------------ printing

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        print(sb, "", getClass().getSimpleName());
        return sb.toString();
    }

    /** One line describing this module's own configuration (layers override it). */
    protected String describe() {
        return getClass().getSimpleName();
    }

    private void print(StringBuilder sb, String indent, String name) {
        sb.append(indent).append(name).append(": ").append(describe()).append('\n');
        children.forEach((k, c) -> c.print(sb, indent + "  ", k));
    }

    /**
     * The number the input's height and width must be multiples of (1 by default; 2^(depth−1) for a {@link UNet}).
     * Trainers and segmenters reflect-pad images to it.
     */
    public int inputMultiple() {
        return 1;
    }
}
