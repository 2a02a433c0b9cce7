package org.segrad.data;

import org.segrad.io.NiftiVolume;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a label volume's voxel value to a class id, for example "brain = label > 0". Values are floats because NIfTI
 * stores them so; the mapping decides what a non-integer or unknown value means.
 */
@FunctionalInterface
public interface LabelRemap {

    /**
     * The class id of voxel value {@code v}.
     *
     * @throws IllegalArgumentException if {@code v} has no class
     */
    int apply(float v);

    /** Whether this map leaves every class id unchanged ({@link #identity()}). */
    default boolean isIdentity() {
        return false;
    }

    /** Integer values unchanged; a non-integer or negative value is an error. */
    static LabelRemap identity() {
        return new LabelRemap() {
            @Override
            public int apply(float v) {
                if (!(v >= 0) || v != Math.rint(v) || v > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("label value " + v + " is not a class id (expected 0, 1, 2, ...)");
                }
                return (int) v;
            }

            @Override
            public boolean isIdentity() {
                return true;
            }
        };
    }

    /** 1 where {@code v > threshold}, else 0 (NaN → 0). */
    static LabelRemap greaterThan(float threshold) {
        return v -> v > threshold ? 1 : 0;
    }

    /**
     * An explicit table from integer values to class ids; other values map to {@code otherwise}, or are an error
     * when {@code otherwise} is negative.
     */
    static LabelRemap table(Map<Integer, Integer> table, int otherwise) {
        Map<Integer, Integer> copy = Map.copyOf(table);
        return v -> {
            Integer c = v == Math.rint(v) ? copy.get((int) v) : null;
            if (c != null) {
                return c;
            }
            if (otherwise < 0) {
                throw new IllegalArgumentException("label value " + v + " is not in the remapping " + copy);
            }
            return otherwise;
        };
    }

    /**
     * Parses a command-line remapping: {@code "identity"} (or empty); {@code ">T"} for greaterThan(T), e.g.
     * {@code ">0"}; or a table {@code "1:1,2:1,4:2"} optionally ending in {@code ",*:0"} for all other values.
     *
     * @throws IllegalArgumentException naming the text if it cannot be parsed
     */
    static LabelRemap parse(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        try {
            if (s.isEmpty() || s.equals("identity")) {
                return identity();
            }
            if (s.startsWith(">")) {
                return greaterThan(Float.parseFloat(s.substring(1)));
            }
            Map<Integer, Integer> table = new HashMap<>();
            int otherwise = -1;
            for (String part : s.split(",")) {
                String[] kv = part.split(":");
                if (kv.length != 2) {
                    throw new IllegalArgumentException("entry \"" + part + "\"");
                }
                int to = Integer.parseInt(kv[1]);
                if (to < 0) {
                    throw new IllegalArgumentException("class id " + to + " < 0");
                }
                if (kv[0].equals("*")) {
                    otherwise = to;
                } else {
                    table.put(Integer.parseInt(kv[0]), to);
                }
            }
            return table(table, otherwise);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("label remapping \"" + spec + "\" cannot be parsed (" + e.getMessage()
                    + "); expected identity, >T (e.g. >0) or a table like 1:1,2:1,*:0", e);
        }
    }

    /** Slice {@code index} of label volume {@code v} along {@code axis} as class ids through this map. */
    default int[] labelSlice(NiftiVolume v, int axis, int index) {
        float[] s = v.slice(axis, index);
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            try {
                out[i] = apply(s[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("label volume " + v.name() + " slice " + index + " of axis " + axis
                        + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
