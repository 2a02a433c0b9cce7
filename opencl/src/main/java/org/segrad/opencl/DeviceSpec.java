package org.segrad.opencl;

/**
 * A parsed device string: {@code "cpu"}, {@code "opencl"} (the first OpenCL device) or {@code "opencl:N"}.
 * {@code index} is 0 for {@code cpu} and for a bare {@code opencl}.
 */
public record DeviceSpec(Kind kind, int index) {
    /** The backends a device string can name. */
    public enum Kind { CPU, OPENCL }

    public static final DeviceSpec CPU = new DeviceSpec(Kind.CPU, 0);

    public DeviceSpec {
        if (index < 0) throw new IllegalArgumentException("device index must be >= 0, got " + index);
    }

    /** Parses {@code cpu | opencl | opencl:N}; anything else is a one-line error naming the accepted forms. */
    public static DeviceSpec parse(String s) {
        String t = s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cpu")) return CPU;
        if (t.equals("opencl")) return new DeviceSpec(Kind.OPENCL, 0);
        if (t.startsWith("opencl:")) {
            String n = t.substring("opencl:".length());
            if (!n.isEmpty() && n.chars().allMatch(Character::isDigit) && n.length() <= 6) {
                return new DeviceSpec(Kind.OPENCL, Integer.parseInt(n));
            }
        }
        throw new IllegalArgumentException("device: expected cpu, opencl or opencl:N (N >= 0), got '" + s + "'");
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "opencl:" + index;
    }
}
