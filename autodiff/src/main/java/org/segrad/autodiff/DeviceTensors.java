package org.segrad.autodiff;

/**
 * The device side of {@link Tensor}: allocation of op outputs on a device (lent by the open {@link Workspace} scope,
 * where every size is pooled, since device buffers are costly to create; otherwise a new device array), moves between
 * devices, copies, and the name of the op that asked a device tensor for host data.
 */
final class DeviceTensors {
    private static final String OPS_PACKAGE = "org.segrad.autodiff.";

    private DeviceTensors() {}

    static void checkDType(Device device, DType dtype) {
        if (dtype != DType.FLOAT32) {
            throw new IllegalArgumentException(device + " holds FLOAT32 tensors only, got " + dtype + "; convert with to(DType.FLOAT32) first");
        }
    }

    /** An op's output on a device (zeroed with {@code zeroed}, else as the kernel that overwrites it in full will). */
    static Tensor alloc(Device device, DType dtype, boolean zeroed, int... shape) {
        checkDType(device, dtype);
        int n = Math.max(1, Shape.numel(shape));
        Workspace ws = Workspace.active();
        if (ws == null) return Tensor.onDevice(shape, dtype, device.backend().allocate(n), null);
        Workspace.Lease l = ws.leaseDevice(device.backend(), n, zeroed);
        return Tensor.onDevice(shape, dtype, (DeviceArray) l.array, l);
    }

    /**
     * t's values on {@code target} (another device than t's): one upload or download, not recorded. On a device the
     * copy is an op output: lent by the open workspace scope (a batch uploaded in a training step is given back with
     * the step's activations), else a new device array.
     */
    static Tensor moved(Tensor t, Device target) {
        if (target.isCpu()) return Tensor.fromArray(t.toFloatArray(), t.shape()).detach();
        checkDType(target, t.dtype());
        float[] host = t.device().isCpu() ? t.floatData() : t.toFloatArray();
        Tensor out = alloc(target, t.dtype(), false, t.shape());
        target.backend().write(host, out.deviceArray());
        return out;
    }

    /** A copy of device tensor t on its device, never lent by a workspace. */
    static Tensor copy(Tensor t) {
        Backend b = t.backend();
        DeviceArray c = b.allocate(t.deviceArray().length());
        b.copy(t.deviceArray(), c);
        return Tensor.onDevice(t.shape(), t.dtype(), c, null);
    }

    /** dst (on a device) ← src's values, converted to float32 (src on any device; one upload when it is elsewhere). */
    static void copyInto(Tensor src, Tensor dst) {
        Device d = dst.device();
        if (src.device() == d) d.backend().copy(src.deviceArray(), dst.deviceArray());
        else d.backend().write(src.toFloatArray(), dst.deviceArray());
    }

    /**
     * The op that asked for host data: the outermost frame of autodiff's op classes on the stack (Tensor's fluent
     * methods and the tape skipped; a gradient lambda {@code lambda$exp$3} read as {@code exp backward}), else the
     * first caller outside autodiff.
     */
    static String callerOp() {
        return StackWalker.getInstance().walk(frames -> {
            String op = null, caller = null;
            for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                String cn = f.getClassName();
                if (!cn.startsWith(OPS_PACKAGE) || cn.indexOf('.', OPS_PACKAGE.length()) >= 0) {
                    if (op != null) break;
                    // Host data asked for outside autodiff's ops (a loss, an optimizer): name that caller.
                    if (caller == null) caller = cn.substring(cn.lastIndexOf('.') + 1) + "." + f.getMethodName();
                    continue;
                }
                if (cn.equals(Tensor.class.getName()) || cn.equals(Autograd.class.getName())
                        || cn.equals(DeviceTensors.class.getName())) {
                    continue;
                }
                String m = f.getMethodName();
                if (m.startsWith("lambda$")) m = m.split("\\$")[1] + " backward";
                op = cn.substring(cn.lastIndexOf('.') + 1) + "." + m;
            }
            return op != null ? op : caller != null ? caller : "this op";
        });
    }
}
