package org.segrad.autodiff;

import java.util.Arrays;
import java.util.Random;
import org.segrad.kernels.StridedKernels;

/**
 * An n-dimensional array of FLOAT32 or FLOAT64 values, contiguous and row-major (NCHW for images), that can take
 * part in reverse-mode differentiation.
 *
 * <p>A tensor created by the user is a <em>leaf</em>; {@link #requiresGrad(boolean)} marks it for gradients, which
 * {@link #backward()} accumulates into {@link #grad()}. A tensor made by an op that saw an input requiring grad
 * records that op on the tape. Data arrays are exposed live ({@link #floatData()}, {@link #doubleData()}) for
 * kernels, optimizers and fused losses; writing into a tensor that an un-run graph saved changes that graph.
 */
public final class Tensor {
    private final int[] shape;
    private final DType dtype;
    private final float[] f;
    private final double[] d;
    /** The storage of a tensor on a device (then f and d are null); null on the CPU. */
    private final DeviceArray dev;
    /** Non-null when the data is lent by a {@link Workspace}; once given back, the data must not be read. */
    private final Workspace.Lease lease;
    private boolean requiresGrad;
    private boolean retainGrad;
    private Tensor grad;
    private Node node;

    private Tensor(int[] shape, DType dtype, float[] f, double[] d, Workspace.Lease lease) {
        this(shape, dtype, f, d, null, lease);
    }

    private Tensor(int[] shape, DType dtype, float[] f, double[] d, DeviceArray dev, Workspace.Lease lease) {
        this.shape = shape;
        this.dtype = dtype;
        this.f = f;
        this.d = d;
        this.dev = dev;
        this.lease = lease;
    }

    private Tensor(int[] shape, DType dtype, float[] f, double[] d) {
        this(shape, dtype, f, d, null);
    }

    /** Over a storage array of the dtype's type ({@link DType#kernels()}'s {@code alloc}, or a workspace lease). */
    private static Tensor over(int[] shape, DType dtype, Object data, Workspace.Lease lease) {
        return new Tensor(shape, dtype, data instanceof float[] fa ? fa : null, data instanceof double[] da ? da : null, lease);
    }

    /**
     * An op's output buffer, zeroed: lent by the {@link Workspace} whose scope is open on this thread (for arrays as
     * large as it pools), otherwise newly allocated.
     */
    static Tensor alloc(DType dtype, int... shape) {
        return alloc(dtype, true, shape);
    }

    /**
     * An op's output buffer that its kernel overwrites in full (the kernel's contract says "overwrites" the whole
     * output): a buffer the {@link Workspace} reuses is not zeroed first, so its contents are left over from an
     * earlier op until the kernel writes them (zeroing every reused activation cost ~5 % of a unet-small step).
     */
    static Tensor allocOverwritten(DType dtype, int... shape) {
        return alloc(dtype, false, shape);
    }

    private static Tensor alloc(DType dtype, boolean zeroed, int... shape) {
        Workspace ws = Workspace.active();
        int n = Shape.numel(shape);
        if (ws == null || !ws.pools(n)) return zeros(dtype, shape);
        Workspace.Lease l = ws.lease(n, dtype == DType.FLOAT64, zeroed);
        return over(shape.clone(), dtype, l.array, l);
    }

    /** An op's output buffer on {@code device}, zeroed ({@link DeviceTensors#alloc}). */
    static Tensor alloc(Device device, DType dtype, int... shape) {
        return device.isCpu() ? alloc(dtype, shape) : DeviceTensors.alloc(device, dtype, true, shape);
    }

    /** {@link #allocOverwritten(DType, int...)} on {@code device}: a reused device buffer is not zeroed either. */
    static Tensor allocOverwritten(Device device, DType dtype, int... shape) {
        return device.isCpu() ? allocOverwritten(dtype, shape) : DeviceTensors.alloc(device, dtype, false, shape);
    }

    /** {@code value} everywhere, on {@code device} (an op output: lent by the open workspace). */
    static Tensor full(Device device, DType dtype, double value, int... shape) {
        if (device.isCpu()) return full(dtype, value, shape);
        Tensor t = alloc(device, dtype, shape);
        if (value != 0) device.backend().fill(t.dev, (float) value);
        return t;
    }

    /** A tensor over a device array (lent by {@code lease}, or null when no workspace lent it). */
    static Tensor onDevice(int[] shape, DType dtype, DeviceArray array, Workspace.Lease lease) {
        return new Tensor(shape.clone(), dtype, null, null, array, lease);
    }

    /** The lease of this tensor's data, or null when the data is not lent by a workspace. */
    Workspace.Lease lease() {
        return lease;
    }

    private void checkLive() {
        if (lease != null && lease.released) {
            throw new IllegalStateException("this tensor's data was given back when its Workspace scope closed (or its gradient "
                    + "was consumed); copy what must outlive the scope inside it, e.g. with item() or copy()");
        }
    }

    /** Wraps an array the caller passed to fromArray: a view when the array is lent by the open workspace. */
    private static Workspace.Lease leaseOfArray(Object array) {
        Workspace ws = Workspace.active();
        return ws == null ? null : ws.leaseOf(array);
    }

    // ---------------------------------------------------------------- creation

    /** A tensor of zeros on {@code device} (allocated there: no transfer; never lent by a workspace). */
    public static Tensor zeros(Device device, DType dtype, int... shape) {
        if (device.isCpu()) return zeros(dtype, shape);
        DeviceTensors.checkDType(device, dtype);
        return onDevice(shape, dtype, device.backend().allocate(Math.max(1, Shape.numel(shape))), null);
    }

    /** A tensor of zeros. */
    public static Tensor zeros(DType dtype, int... shape) {
        int[] s = shape.clone();
        int n = Shape.numel(s);
        return over(s, dtype, dtype.kernels().alloc(n), null);
    }

    public static Tensor ones(DType dtype, int... shape) {
        return full(dtype, 1.0, shape);
    }

    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = zeros(dtype, shape);
        if (t.f != null) Arrays.fill(t.f, (float) value);
        else Arrays.fill(t.d, value);
        return t;
    }

    /** A 0-dimensional tensor. */
    public static Tensor scalar(double value, DType dtype) {
        return full(dtype, value);
    }

    /** Wraps (does not copy) {@code data} as a FLOAT32 tensor; the shape must hold exactly {@code data.length} values. */
    public static Tensor fromArray(float[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(shape.clone(), DType.FLOAT32, data, null, leaseOfArray(data));
    }

    /** Wraps (does not copy) {@code data} as a FLOAT64 tensor. */
    public static Tensor fromArray(double[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(shape.clone(), DType.FLOAT64, null, data, leaseOfArray(data));
    }

    /** Copies {@code data} into a tensor of the given dtype. */
    public static Tensor of(DType dtype, double[] data, int... shape) {
        checkLength(data.length, shape);
        Tensor t = zeros(dtype, shape);
        dtype.kernels().fromDoubles(data, t.raw());
        return t;
    }

    /** Uniform values in [lo, hi) from {@code java.util.Random(seed)}: the same seed gives the same tensor. */
    public static Tensor uniform(DType dtype, long seed, double lo, double hi, int... shape) {
        Random r = new Random(seed);
        Tensor t = zeros(dtype, shape);
        StridedKernels.fill(t.raw(), () -> lo + (hi - lo) * r.nextDouble());
        return t;
    }

    /** Normal values N(mean, std²) from {@code java.util.Random(seed).nextGaussian()}. */
    public static Tensor normal(DType dtype, long seed, double mean, double std, int... shape) {
        Random r = new Random(seed);
        Tensor t = zeros(dtype, shape);
        StridedKernels.fill(t.raw(), () -> mean + std * r.nextGaussian());
        return t;
    }

    private static void checkLength(int length, int[] shape) {
        int n = Shape.numel(shape);
        if (n != length) {
            throw new IllegalArgumentException("data has " + length + " values but shape " + Shape.str(shape) + " needs " + n);
        }
    }

    // ---------------------------------------------------------------- metadata and data

    public int[] shape() { return shape.clone(); }

    /** Size of dimension {@code axis} (negative counts from the end). */
    public int dim(int axis) { return shape[Shape.axis(axis, shape.length)]; }

    public int rank() { return shape.length; }

    public int numel() { return f != null ? f.length : d != null ? d.length : Shape.numel(shape); }

    public DType dtype() { return dtype; }

    /** Where the data lives ({@link Device#CPU} unless moved with {@link #to(Device)}). */
    public Device device() {
        return dev == null ? Device.CPU : Device.of(dev.backend());
    }

    /** The backend of this tensor's device, or null on the CPU (what the ops dispatch on). */
    Backend backend() {
        return dev == null ? null : dev.backend();
    }

    /** The device storage (for backends and device-side optimizers), checked live; fails on the CPU. */
    public DeviceArray deviceArray() {
        if (dev == null) throw new IllegalStateException("deviceArray() of a tensor on the cpu");
        checkLive();
        if (dev.isReleased()) {
            throw new IllegalStateException("this tensor's device array was released (a gradient dropped by zeroGrad, or a "
                    + "parameter moved to another device)");
        }
        return dev;
    }

    /** Fails, naming the calling op, when the data lives on a device (host arrays were asked for). */
    private void checkHost() {
        if (dev != null) throw Device.unsupported(DeviceTensors.callerOp(), device());
    }

    /** The live storage: a {@code float[]} for FLOAT32, a {@code double[]} for FLOAT64 (what {@link DType#kernels()} takes). */
    public Object data() {
        checkHost();
        checkLive();
        return raw();
    }

    private Object raw() {
        return f != null ? f : d;
    }

    /** The live FLOAT32 storage; fails for FLOAT64 tensors. */
    public float[] floatData() {
        checkHost();
        if (f == null) throw new IllegalStateException("floatData() on a " + dtype + " tensor");
        checkLive();
        return f;
    }

    /** The live FLOAT64 storage; fails for FLOAT32 tensors. */
    public double[] doubleData() {
        checkHost();
        if (d == null) throw new IllegalStateException("doubleData() on a " + dtype + " tensor");
        checkLive();
        return d;
    }

    /** Element at flat (row-major) index {@code i}, widened to double. */
    public double get(int i) {
        checkHost();
        checkLive();
        return f != null ? f[i] : d[i];
    }

    /** Writes element {@code i} (rounded to float for FLOAT32). Not recorded on the tape. */
    public void set(int i, double v) {
        checkHost();
        checkLive();
        if (f != null) f[i] = (float) v;
        else d[i] = v;
    }

    /** Element at a multi-index. */
    public double at(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index of rank " + index.length + " for a tensor of shape " + Shape.str(shape));
        }
        int off = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " out of bounds for shape " + Shape.str(shape));
            }
            off = off * shape[i] + index[i];
        }
        return get(off);
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) throw new IllegalStateException("item() needs one element, shape is " + Shape.str(shape));
        if (dev != null) return toFloatArray()[0];
        return get(0);
    }

    /** A copy of the values in double (downloaded from a device: one transfer). */
    public double[] toDoubleArray() {
        double[] out = new double[numel()];
        StridedKernels.cast(dev != null ? toFloatArray() : data(), out);
        return out;
    }

    /** A copy of the values in float (downloaded from a device: one transfer). */
    public float[] toFloatArray() {
        float[] out = new float[numel()];
        if (dev != null) deviceArray().backend().download(dev, out);
        else StridedKernels.cast(data(), out);
        return out;
    }

    /** A copy in another dtype; differentiable (the gradient is cast back). Same dtype returns this. */
    public Tensor to(DType target) { return Elementwise.cast(this, target); }

    /**
     * This tensor on {@code target}: itself when already there, else a copy (one upload or download; a device holds
     * FLOAT32 only; an upload inside a {@link Workspace} scope is lent by it, as op outputs are). Differentiable: the
     * gradient goes back to this tensor's device.
     */
    public Tensor to(Device target) {
        Device from = device();
        if (target == from) return this;
        Tensor out = DeviceTensors.moved(this, target);
        return Autograd.record("to(" + target + ")", out, g -> new Tensor[] {g.to(from)}, this);
    }

    /** A detached copy on the CPU: {@link #copy()} for a CPU tensor, the downloaded values for a device one. */
    public Tensor cpuCopy() {
        return dev == null ? copy() : new Tensor(shape.clone(), DType.FLOAT32, toFloatArray(), null, null);
    }

    /**
     * Overwrites this tensor's values, in place, with {@code src}'s (same number of elements, any device; converted to
     * this dtype). Not recorded. Uploads when this tensor lives on a device.
     */
    public void copyFrom(Tensor src) {
        if (src.numel() != numel()) {
            throw new IllegalArgumentException("copyFrom: " + src.numel() + " values into a tensor of " + numel());
        }
        if (dev != null) DeviceTensors.copyInto(src, this);
        else StridedKernels.cast(src.dev != null ? src.toFloatArray() : src.data(), data());
    }

    /**
     * Releases this tensor's device array now (every tensor sharing it, e.g. through {@link #detach()}, becomes
     * unusable). Does nothing on the CPU or for an array a {@link Workspace} lent (the scope gives it back).
     */
    public void releaseDeviceArray() {
        if (dev != null && lease == null) dev.release();
    }

    /** A deep copy of the data, detached from the tape (on the same device). */
    public Tensor copy() {
        if (dev != null) return DeviceTensors.copy(this);
        checkLive();
        return f != null ? new Tensor(shape.clone(), dtype, f.clone(), null) : new Tensor(shape.clone(), dtype, null, d.clone());
    }

    // ---------------------------------------------------------------- autodiff

    /** Marks a leaf tensor as needing gradients; returns this. */
    public Tensor requiresGrad(boolean flag) {
        if (node != null && !flag) throw new IllegalStateException("requiresGrad(false) on a non-leaf tensor; use detach()");
        requiresGrad = flag;
        return this;
    }

    public boolean requiresGrad() { return requiresGrad; }

    public boolean isLeaf() { return node == null; }

    /** Name of the op that produced this tensor, or null for a leaf. */
    public String gradFnName() { return node == null ? null : node.op; }

    /** The accumulated gradient (null until a backward reached this tensor). */
    public Tensor grad() { return grad; }

    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("grad shape " + Shape.str(g.shape) + " does not match tensor shape " + Shape.str(shape));
        }
        grad = g;
    }

    /**
     * Drops the gradient. A gradient on a device that no workspace lent is released at once (device memory is not
     * left to the garbage collector): copy it first if it must outlive this call.
     */
    public void zeroGrad() {
        if (grad != null && grad.dev != null && grad.lease == null) grad.dev.release();
        grad = null;
    }

    /** Keeps the gradient of a non-leaf tensor after backward (leaves always keep theirs). */
    public Tensor retainGrad() {
        retainGrad = true;
        return this;
    }

    boolean retainsGrad() { return retainGrad; }

    /** Same data under another shape, not recorded (for ops and their gradients). */
    Tensor reshapeRaw(int[] newShape) {
        checkLength(numel(), newShape);
        return new Tensor(newShape.clone(), dtype, f, d, dev, lease);
    }

    /** Same data (shared), no history, no grad requirement. */
    public Tensor detach() { return new Tensor(shape, dtype, f, d, dev, lease); }

    /** Backward from a one-element output (seed 1). */
    public void backward() { Autograd.backward(this, null, false); }

    /** Backward with an explicit seed gradient of this tensor's shape. */
    public void backward(Tensor seed) { Autograd.backward(this, seed, false); }

    /** Backward; with {@code retainGraph} the tape is kept so that a second backward is possible. */
    public void backward(Tensor seed, boolean retainGraph) { Autograd.backward(this, seed, retainGraph); }

    Node node() { return node; }

    void attach(Node n) {
        node = n;
        requiresGrad = true;
    }

    /**
     * grad += g. With {@code owned} the caller hands over g (nobody else holds it), so the first gradient is kept
     * without a copy.
     */
    void accumulateGrad(Tensor g, boolean owned) {
        if (grad == null) {
            if (g.dtype() != dtype) {
                g = g.to(dtype);
                owned = true;
            }
            // A gradient lent by a workspace is copied out: a tensor's grad outlives the scope.
            grad = owned && g.lease == null ? g.reshapeRaw(shape) : g.copy();
        } else if (dev != null) {
            Backend b = Device.common("gradient accumulation", grad, g).backend();
            b.add(grad.deviceArray(), g.deviceArray(), grad.deviceArray());
        } else if (g.dtype() == dtype && grad.dtype() == dtype) {
            dtype.kernels().addInto(grad.raw(), g.raw());
        } else {
            StridedKernels.addInto(grad.data(), g.data());
        }
    }

    // ---------------------------------------------------------------- fluent ops (see the op classes for formulas)

    public Tensor add(Tensor o) { return Elementwise.add(this, o); }
    public Tensor sub(Tensor o) { return Elementwise.sub(this, o); }
    public Tensor mul(Tensor o) { return Elementwise.mul(this, o); }
    public Tensor div(Tensor o) { return Elementwise.div(this, o); }
    public Tensor add(double c) { return Elementwise.add(this, scalar(c, dtype)); }
    public Tensor sub(double c) { return Elementwise.sub(this, scalar(c, dtype)); }
    public Tensor mul(double c) { return Elementwise.mul(this, scalar(c, dtype)); }
    public Tensor div(double c) { return Elementwise.div(this, scalar(c, dtype)); }
    public Tensor neg() { return Elementwise.neg(this); }
    public Tensor pow(double p) { return Elementwise.pow(this, p); }
    public Tensor exp() { return Elementwise.exp(this); }
    public Tensor log() { return Elementwise.log(this); }
    public Tensor sqrt() { return Elementwise.sqrt(this); }
    public Tensor abs() { return Elementwise.abs(this); }
    public Tensor relu() { return Elementwise.relu(this); }
    public Tensor sigmoid() { return Elementwise.sigmoid(this); }
    public Tensor tanh() { return Elementwise.tanh(this); }
    public Tensor clamp(double lo, double hi) { return Elementwise.clamp(this, lo, hi); }
    public Tensor sum() { return Reductions.sum(this, new int[0], false); }
    public Tensor sum(int[] axes, boolean keepdim) { return Reductions.sum(this, axes, keepdim); }
    public Tensor mean() { return Reductions.mean(this, new int[0], false); }
    public Tensor mean(int[] axes, boolean keepdim) { return Reductions.mean(this, axes, keepdim); }
    public Tensor max(int[] axes, boolean keepdim) { return Reductions.max(this, axes, keepdim); }
    public Tensor reshape(int... newShape) { return ShapeOps.reshape(this, newShape); }
    public Tensor permute(int... dims) { return ShapeOps.permute(this, dims); }
    public Tensor matmul(Tensor o) { return MatMul.matmul(this, o); }
    public Tensor softmax(int axis) { return Softmax.softmax(this, axis); }
    public Tensor logSoftmax(int axis) { return Softmax.logSoftmax(this, axis); }

    // ---------------------------------------------------------------- printing

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(shape=").append(Shape.str(shape)).append(", dtype=").append(dtype);
        if (dev != null) sb.append(", device=").append(device());
        if (node != null) sb.append(", grad_fn=").append(node.op);
        else if (requiresGrad) sb.append(", requires_grad=true");
        if (lease != null && lease.released) return sb.append(", data=<given back to its Workspace>)").toString();
        if (dev != null) return sb.append(", data=<on the device; toFloatArray() copies it back>)").toString();
        sb.append(", data=[");
        int n = Math.min(numel(), 8);
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dtype == DType.FLOAT32 ? Float.toString(f[i]) : Double.toString(d[i]));
        }
        if (numel() > n) sb.append(", … (").append(numel()).append(" values)");
        return sb.append("])").toString();
    }
}
