package org.segrad.autodiff;

import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a tensor's data lives: {@link #CPU} (the default: Java arrays, the Vector API kernels) or a device of a
 * {@link Backend} found on the class path, named {@code kind:N} ({@code opencl:0}; a bare {@code opencl} is
 * {@code opencl:0}). An op runs on the device of its inputs; inputs on two devices are an error naming both.
 *
 * <pre>{@code
 * Device gpu = Device.named("opencl:0");   // throws, with the reason, when no backend or device is there
 * Tensor x = batch.to(gpu);                // one upload
 * model.to(gpu);                           // parameters and running statistics
 * double loss = lossFn.fused(model.forward(x), labels.to(gpu)).item();   // one download
 * }</pre>
 */
public final class Device {
    private static final System.Logger LOG = System.getLogger("org.segrad.autodiff");

    /** The host: Java arrays and the kernels of vectorapi-kernels. */
    public static final Device CPU = new Device("cpu", null);

    private static final Map<String, Device> OPEN = new ConcurrentHashMap<>();
    private static final Map<Backend, Device> BY_BACKEND = new ConcurrentHashMap<>();

    private final String name;
    private final Backend backend;

    private Device(String name, Backend backend) {
        this.name = name;
        this.backend = backend;
    }

    /**
     * The device a string names: {@code cpu}, {@code KIND} or {@code KIND:N} (N ≥ 0), where KIND is served by a
     * {@link BackendProvider} on the class path. Each device is opened once per JVM.
     *
     * @throws IllegalArgumentException when the string is malformed
     * @throws IllegalStateException    when no backend serves the kind, or the backend cannot open device N (the
     *                                  message gives the reason)
     */
    public static Device named(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) return CPU;
        int colon = s.indexOf(':');
        String kind = colon < 0 ? s : s.substring(0, colon);
        String idx = colon < 0 ? "0" : s.substring(colon + 1);
        if (!kind.matches("[a-z][a-z0-9_]*") || !idx.matches("\\d{1,6}")) {
            throw new IllegalArgumentException("device: expected cpu, KIND or KIND:N (e.g. opencl:0), got '" + spec + "'");
        }
        String key = kind + ":" + Integer.parseInt(idx);
        Device d = OPEN.get(key);
        if (d != null) return d;
        synchronized (OPEN) {
            d = OPEN.get(key);
            if (d == null) {
                Backend b = provider(kind, spec).open(Integer.parseInt(idx));
                d = new Device(key, b);
                BY_BACKEND.put(b, d);
                OPEN.put(key, d);
            }
        }
        return d;
    }

    private static BackendProvider provider(String kind, String spec) {
        StringBuilder found = new StringBuilder();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Device.class.getClassLoader())) {
            if (p.kind().equals(kind)) return p;
            found.append(found.length() == 0 ? "" : ", ").append(p.kind());
        }
        throw new IllegalStateException("device '" + spec + "': no backend for '" + kind + "' on the class path (found: "
                + (found.length() == 0 ? "none" : found) + "); the opencl backend is the segrad-opencl jar, built on JDK >= 22");
    }

    /** What {@link #select} chose: the device, and why it is the CPU when another was asked for (else null). */
    public record Selection(Device device, String fallbackReason) {}

    /**
     * {@link #named}, falling back to the CPU when the device cannot be opened (no backend jar, no driver, no such
     * device): the reason is logged once as a warning and returned. A malformed string is still an error.
     */
    public static Selection select(String spec) {
        try {
            return new Selection(named(spec), null);
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.WARNING, "segrad: " + spec + " unavailable, running on the CPU: " + e.getMessage());
            return new Selection(CPU, e.getMessage());
        }
    }

    /** The device of a backend that {@link #named} opened. */
    static Device of(Backend b) {
        Device d = BY_BACKEND.get(b);
        if (d == null) throw new IllegalStateException("backend " + b.name() + " was not opened through Device.named");
        return d;
    }

    /** The common device of an op's tensors (nulls skipped); tensors on two devices are an error naming both. */
    static Device common(String op, Tensor... ts) {
        Device d = null;
        for (Tensor t : ts) {
            if (t == null) continue;
            Device td = t.device();
            if (d == null) d = td;
            else if (td != d) {
                throw new IllegalArgumentException(op + ": tensors on different devices, " + d + " and " + td
                        + "; move them to one with Tensor.to(Device)");
            }
        }
        return d == null ? CPU : d;
    }

    /** The error for an op with no implementation on {@code d}. */
    static UnsupportedOperationException unsupported(String op, Device d) {
        return new UnsupportedOperationException(op + " is not implemented on " + d + " (on a device: conv2d, "
                + "conv_transpose2d, batch_norm2d(+relu), max_pool2d 2x2, concat, slice, add, mul, relu, sum, cross_entropy, "
                + "Adam); move its inputs to the CPU with Tensor.to(Device.CPU)");
    }

    /** {@code cpu} or {@code kind:N}. */
    public String name() { return name; }

    public boolean isCpu() { return backend == null; }

    /** The kernel table of this device; null for the CPU. */
    public Backend backend() { return backend; }

    /** A description for reports: "cpu", or the backend's. */
    public String description() { return backend == null ? "cpu (Java, Vector API kernels)" : backend.description(); }

    @Override
    public String toString() { return name; }
}
