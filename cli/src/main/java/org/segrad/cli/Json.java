package org.segrad.cli;

import org.segrad.io.JsonWriter;

/** The CLI's JSON outputs (stdout, metrics.json, config.json): {@link JsonWriter#writePretty}. */
public final class Json {
    private Json() {}

    /** Maps, collections, {@code double[]}, strings, numbers, booleans and null, indented; NaN and infinities as null. */
    public static String write(Object value) {
        return JsonWriter.writePretty(value);
    }
}
