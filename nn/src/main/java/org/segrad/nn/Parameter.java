package org.segrad.nn;

import org.segrad.autodiff.DType;
import org.segrad.autodiff.Device;
import org.segrad.autodiff.Tensor;
import org.segrad.kernels.StridedKernels;

/**
 * A trainable tensor of a {@link Module}: a leaf {@link Tensor} with {@code requiresGrad(true)}, like
 * {@code torch.nn.Parameter}. Its name is the dotted path under which its module tree registers it.
 *
 * <p>Optimizers update {@link #data()} in place (through its live arrays) and read {@link #grad()}. The wrapped tensor
 * is replaced only by {@link Module#to(DType)}; code that keeps a Parameter (not its tensor) sees the new one.
 */
public final class Parameter {
    private Tensor data;

    /** Wraps {@code data} (not copied) and marks it as requiring gradients; it must be a leaf. */
    public Parameter(Tensor data) {
        if (data == null) throw new IllegalArgumentException("Parameter: data must not be null");
        if (!data.isLeaf()) {
            throw new IllegalArgumentException("Parameter: data must be a leaf tensor, got the output of '" + data.gradFnName() + "'");
        }
        this.data = data.requiresGrad(true);
    }

    /** The live leaf tensor (use it in forward passes; write into its arrays only outside the tape). */
    public Tensor data() { return data; }

    /** The accumulated gradient, or null when none reached it since the last {@link #zeroGrad()}. */
    public Tensor grad() { return data.grad(); }

    /** Drops the gradient (PyTorch's {@code zero_grad(set_to_none=True)}). */
    public void zeroGrad() { data.zeroGrad(); }

    public int[] shape() { return data.shape(); }

    public DType dtype() { return data.dtype(); }

    public int numel() { return data.numel(); }

    /** Converts to {@code dtype} (a new leaf; the old gradient is dropped). */
    void convert(DType dtype) {
        if (data.dtype() == dtype) return;
        Tensor t = Tensor.zeros(dtype, data.shape());
        StridedKernels.cast(data.data(), t.data());
        data = t.requiresGrad(true);
    }

    /**
     * Moves to {@code device} (a new leaf there; the gradient is dropped). The old device array, if any, is released
     * at once.
     */
    void moveTo(Device device) {
        if (data.device() == device) return;
        Tensor old = data, moved = Tensor.zeros(device, old.dtype(), old.shape()); // never lent by a workspace scope
        old.zeroGrad();
        moved.copyFrom(old);
        data = moved.requiresGrad(true);
        old.releaseDeviceArray();
    }

    @Override
    public String toString() {
        return "Parameter(" + data + ")";
    }
}
