package org.segrad.cli.compare;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 fields for the compare CSVs: a loss expression may hold commas and is then quoted. */
final class CsvFields {
    private CsvFields() {}

    /** {@code s}, or {@code "s"} with inner quotes doubled when it holds a comma, a quote or a line break. */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Splits one CSV line into fields, honouring quoted fields; an unclosed quote is an error. */
    static String[] split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        if (quoted) throw new IllegalArgumentException("unclosed quote");
        out.add(f.toString());
        return out.toArray(new String[0]);
    }
}
