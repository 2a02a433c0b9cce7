package org.segrad.opencl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Device discovery and selection. {@link #list()} asks the ICD loader for every platform and every device on it;
 * {@link #select(String)} turns a device string into a device, or into the CPU with the reason logged once when the
 * string asks for OpenCL and none is there (no loader library, no platform, no device N).
 */
public final class Devices {
    private static final System.Logger LOG = System.getLogger("org.segrad.opencl");
    private static final int CL_PLATFORM_NOT_FOUND_KHR = -1001, CL_DEVICE_NOT_FOUND = -1;

    private Devices() {}

    /** What {@link #select(String)} chose: an OpenCL device, or the CPU (then {@code fallbackReason} says why). */
    public record Selection(DeviceSpec asked, Optional<ClDevice> device, Optional<String> fallbackReason) {
        /** True when the CPU backend runs (asked for, or fallen back to). */
        public boolean isCpu() { return device.isEmpty(); }
    }

    /** {@code "cpu"}, {@code "opencl"} or {@code "opencl:N"}; see {@link DeviceSpec#parse}. */
    public static Selection select(String deviceString) {
        DeviceSpec spec = DeviceSpec.parse(deviceString);
        if (spec.kind() == DeviceSpec.Kind.CPU) return new Selection(spec, Optional.empty(), Optional.empty());
        String reason;
        List<ClDevice> all;
        try {
            all = list();
            if (spec.index() < all.size()) return new Selection(spec, Optional.of(all.get(spec.index())), Optional.empty());
            reason = all.isEmpty() ? "no OpenCL platform or device found"
                    : spec + " asked for but only " + all.size() + " OpenCL device(s) exist (opencl:0..opencl:" + (all.size() - 1) + ")";
        } catch (UnavailableException | OpenClException e) {
            reason = e.getMessage();
        }
        LOG.log(System.Logger.Level.WARNING, "segrad: " + spec + " unavailable, running on the CPU: " + reason);
        return new Selection(spec, Optional.empty(), Optional.of(reason));
    }

    /** Thrown by {@link #list()} when the OpenCL loader itself cannot be used. */
    public static final class UnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message) { super(message); }
    }

    /** Why OpenCL cannot run here, or empty when at least one device exists. Never throws. */
    public static Optional<String> unavailableReason() {
        try {
            return list().isEmpty() ? Optional.of("no OpenCL platform or device found") : Optional.empty();
        } catch (UnavailableException | OpenClException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static volatile List<ClDevice> cached;

    /** Every device of every platform, in loader order (cached after the first call); empty when no platform exists. */
    public static List<ClDevice> list() {
        List<ClDevice> c = cached;
        if (c == null) cached = c = discover();
        return c;
    }

    private static List<ClDevice> discover() {
        Optional<String> loadError = Cl.loadError();
        if (loadError.isPresent()) throw new UnavailableException(loadError.get());
        List<ClDevice> out = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            int code = invokeInt(Cl.clGetPlatformIDs, 0, MemorySegment.NULL, count);
            if (code == CL_PLATFORM_NOT_FOUND_KHR) return List.of();
            Cl.check("clGetPlatformIDs", code);
            int np = count.get(JAVA_INT, 0);
            if (np == 0) return List.of();
            MemorySegment platforms = arena.allocate(ADDRESS, np);
            Cl.call("clGetPlatformIDs", Cl.clGetPlatformIDs, np, platforms, MemorySegment.NULL);
            for (int p = 0; p < np; p++) {
                MemorySegment platform = platforms.getAtIndex(ADDRESS, p);
                String pname = platformString(platform, Cl.CL_PLATFORM_NAME);
                code = invokeInt(Cl.clGetDeviceIDs, platform, Cl.CL_DEVICE_TYPE_ALL, 0, MemorySegment.NULL, count);
                if (code == CL_DEVICE_NOT_FOUND) continue;
                Cl.check("clGetDeviceIDs", code);
                int nd = count.get(JAVA_INT, 0);
                MemorySegment ids = arena.allocate(ADDRESS, Math.max(nd, 1));
                Cl.call("clGetDeviceIDs", Cl.clGetDeviceIDs, platform, Cl.CL_DEVICE_TYPE_ALL, nd, ids, MemorySegment.NULL);
                for (int d = 0; d < nd; d++) {
                    MemorySegment id = ids.getAtIndex(ADDRESS, d);
                    out.add(new ClDevice(out.size(), pname, deviceString(id, Cl.CL_DEVICE_NAME),
                            deviceString(id, Cl.CL_DEVICE_VENDOR), deviceString(id, Cl.CL_DEVICE_VERSION),
                            deviceString(id, Cl.CL_DRIVER_VERSION), typeName(deviceLong(id, Cl.CL_DEVICE_TYPE, 8)),
                            (int) deviceLong(id, Cl.CL_DEVICE_MAX_COMPUTE_UNITS, 4),
                            (int) deviceLong(id, Cl.CL_DEVICE_MAX_CLOCK_FREQUENCY, 4),
                            deviceLong(id, Cl.CL_DEVICE_GLOBAL_MEM_SIZE, 8), deviceLong(id, Cl.CL_DEVICE_LOCAL_MEM_SIZE, 8),
                            deviceLong(id, Cl.CL_DEVICE_MAX_WORK_GROUP_SIZE, 8), platform, id));
                }
            }
        }
        return List.copyOf(out);
    }

    private static String typeName(long bits) {
        if ((bits & Cl.CL_DEVICE_TYPE_GPU) != 0) return "GPU";
        if ((bits & Cl.CL_DEVICE_TYPE_CPU) != 0) return "CPU";
        return (bits & 8) != 0 ? "accelerator" : "other";
    }

    private static String platformString(MemorySegment platform, int param) {
        return infoString("clGetPlatformInfo", Cl.clGetPlatformInfo, platform, param);
    }

    static String deviceString(MemorySegment device, int param) {
        return infoString("clGetDeviceInfo", Cl.clGetDeviceInfo, device, param);
    }

    private static String infoString(String name, MethodHandle h, MemorySegment obj, int param) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            Cl.call(name, h, obj, param, 0L, MemorySegment.NULL, size);
            long n = size.get(JAVA_LONG, 0);
            MemorySegment buf = arena.allocate(Math.max(n, 1));
            Cl.call(name, h, obj, param, n, buf, MemorySegment.NULL);
            return buf.getString(0).trim();
        }
    }

    /** A scalar device property of {@code bytes} = 4 ({@code cl_uint}) or 8 ({@code size_t}, {@code cl_ulong}). */
    private static long deviceLong(MemorySegment device, int param, int bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(8);
            Cl.call("clGetDeviceInfo", Cl.clGetDeviceInfo, device, param, (long) bytes, v, MemorySegment.NULL);
            return bytes == 4 ? Integer.toUnsignedLong(v.get(JAVA_INT, 0)) : v.get(JAVA_LONG, 0);
        }
    }

    private static int invokeInt(MethodHandle h, Object... args) {
        try {
            return (int) h.invokeWithArguments(args);
        } catch (Throwable t) {
            throw new IllegalStateException("native OpenCL call failed: " + t, t);
        }
    }
}
