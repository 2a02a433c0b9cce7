package org.segrad.nn;

import org.segrad.autodiff.DType;
import org.segrad.autodiff.Device;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.StridedKernels;

/**
 * A non-trainable tensor of a {@link Module} that is part of its state dict (BatchNorm's {@code running_mean},
 * {@code running_var}, {@code num_batches_tracked}), like a registered buffer in PyTorch.
 *
 * <p>An <em>integer</em> buffer holds whole numbers (PyTorch int64): it is kept in FLOAT64 (exact up to 2^53),
 * {@link Module#to(DType)} leaves it alone, and checkpoints store it as I64.
 */
public final class Buffer {
    private Tensor data;
    private final boolean integer;

    public Buffer(Tensor data, boolean integer) {
        if (data == null) throw new IllegalArgumentException("Buffer: data must not be null");
        if (integer && data.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("Buffer: an integer buffer must be FLOAT64, got " + data.dtype());
        }
        this.data = data;
        this.integer = integer;
    }

    /** The live tensor (updated in place by the layer that owns it). */
    public Tensor data() { return data; }

    /** Whether this buffer holds whole numbers (stored as I64 in checkpoints). */
    public boolean isInteger() { return integer; }

    public int[] shape() { return data.shape(); }

    /** Moves a floating buffer to {@code device} (integer buffers stay on the CPU: the layers count on the host). */
    void moveTo(Device device) {
        if (integer || data.device() == device) return;
        Tensor old = data;
        data = Tensor.zeros(device, old.dtype(), old.shape()); // never lent by a workspace scope
        data.copyFrom(old);
        old.releaseDeviceArray();
    }

    void convert(DType dtype) {
        if (integer || data.dtype() == dtype) return;
        Tensor t = Tensor.zeros(dtype, data.shape());
        StridedKernels.cast(data.data(), t.data());
        data = t;
    }
}
