package org.segrad.cli.compare;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The lines of a {@link Ledger}: flat JSON objects whose last member is {@code "crc"}, the CRC-32 (8 hex digits) of the
 * object written without it. Numbers are written with {@link Double#toString}, which reads back to the same double;
 * NaN is {@code null}. Example:
 * {@code {"loss":"ce","lambda":null,"seed":1000,"fraction":0.25,"test":0.8123,"val":0.8,"seconds":12.5,"crc":"1c291ca3"}}
 */
final class LedgerLine {
    private static final String CRC = ",\"crc\":\"";

    private LedgerLine() {}

    static String header(String fingerprint) {
        return "{\"sweep\":" + quote(fingerprint) + "}";
    }

    static String run(RunResult r) {
        return "{\"loss\":" + quote(r.loss()) + ",\"lambda\":" + num(r.lambda()) + ",\"seed\":" + r.seed() + ",\"fraction\":"
                + num(r.trainFraction()) + ",\"test\":" + num(r.testMiou()) + ",\"val\":" + num(r.valMiou()) + ",\"seconds\":"
                + num(r.seconds()) + "}";
    }

    /** {@code object} with its checksum appended as the last member. */
    static String seal(String object) {
        return object.substring(0, object.length() - 1) + CRC + String.format(Locale.ROOT, "%08x", crc(object)) + "\"}";
    }

    /** The object without its checksum, or null when the line is torn or its checksum does not match. */
    static String unseal(String line) {
        int n = line.length();
        if (n < 20 || !line.endsWith("\"}") || !line.startsWith(CRC, n - 18)) return null;
        String object = line.substring(0, n - 18) + "}";
        return line.substring(n - 10, n - 2).equals(String.format(Locale.ROOT, "%08x", crc(object))) ? object : null;
    }

    /** The fingerprint of a header object, or null when it is not one. */
    static String parseHeader(String object) {
        Map<String, String> m = parse(object);
        return m == null ? null : m.get("sweep");
    }

    /** The run of a run object, or null when it is not one. */
    static RunResult parseRun(String object) {
        Map<String, String> m = parse(object);
        if (m == null || m.get("loss") == null) return null;
        try {
            return new RunResult(m.get("loss"), Long.parseLong(m.get("seed")), dbl(m.get("fraction")), dbl(m.get("test")),
                    dbl(m.get("val")), dbl(m.get("lambda")), dbl(m.get("seconds")));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long crc(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return c.getValue();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "null" : Double.toString(v);
    }

    private static double dbl(String s) {
        return s == null ? Double.NaN : Double.parseDouble(s);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** Members of a flat object as raw text (strings unquoted, null as Java null), or null when malformed. */
    private static Map<String, String> parse(String o) {
        try {
            return members(o);
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static Map<String, String> members(String o) {
        Map<String, String> m = new LinkedHashMap<>();
        int[] at = {1};
        if (!o.startsWith("{") || !o.endsWith("}")) return null;
        while (at[0] < o.length() - 1) {
            String key = string(o, at);
            if (key == null || o.charAt(at[0]++) != ':') return null;
            String value;
            if (o.charAt(at[0]) == '"') {
                value = string(o, at);
                if (value == null) return null;
            } else {
                int end = at[0];
                while (end < o.length() - 1 && o.charAt(end) != ',') end++;
                value = o.substring(at[0], end);
                at[0] = end;
                if (value.equals("null")) value = null;
            }
            m.put(key, value);
            if (o.charAt(at[0]) == ',') at[0]++;
            else if (at[0] != o.length() - 1) return null;
        }
        return m;
    }

    private static String string(String o, int[] at) {
        if (o.charAt(at[0]) != '"') return null;
        StringBuilder sb = new StringBuilder();
        for (int i = at[0] + 1; i < o.length(); i++) {
            char c = o.charAt(i);
            if (c == '"') {
                at[0] = i + 1;
                return sb.toString();
            }
            if (c == '\\' && i + 1 < o.length()) {
                char e = o.charAt(++i);
                sb.append(e == 'n' ? '\n' : e);
            } else {
                sb.append(c);
            }
        }
        return null;
    }
}
