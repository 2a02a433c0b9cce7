package org.segrad.data;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * How many classes masks hold, from their distinct values (never a silent many-class model):
 * <ul>
 *   <li>values ⊆ {0, 255} with 255 present: binary, 255 ↦ 1, K = 2 (a 0/255 mask as image tools write it);</li>
 *   <li>values ∪ {0} = {0, 1, …, K−1}: K classes (at least 2);</li>
 *   <li>anything else (0/128, 0/85/170/255, one stray value, a 16-bit instance id): an error listing each value with its
 *       pixel count and suggesting {@code --label-map}.</li>
 * </ul>
 * K is bounded by {@value #MAX_CLASSES}.
 */
public final class ClassInference {
    /** The most classes a model may have (an 8-bit mask's range). */
    public static final int MAX_CLASSES = 256;

    private ClassInference() {
    }

    /** Pixel count of every distinct mask value of {@code samples} (masks may be null: skipped). */
    public static TreeMap<Integer, Long> histogram(List<Sample> samples) {
        TreeMap<Integer, Long> counts = new TreeMap<>();
        for (Sample s : samples) {
            if (s.mask() != null) {
                for (int v : s.mask()) {
                    counts.merge(v, 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    /**
     * Infers K from the masks of {@code samples} and maps binary 0/255 masks to 0/1 in place (the masks must be this
     * loader's own arrays).
     *
     * @param where names the data in the message, e.g. "masks in data/masks"
     * @throws IllegalArgumentException for values that are neither 0..K−1 nor 0/255, or more than MAX_CLASSES classes
     */
    public static int inferAndMap(List<Sample> samples, String where) {
        TreeMap<Integer, Long> counts = histogram(samples);
        if (counts.isEmpty()) {
            return 2;
        }
        boolean binary255 = counts.containsKey(255) && counts.keySet().stream().allMatch(v -> v == 0 || v == 255);
        if (binary255) {
            for (Sample s : samples) {
                int[] m = s.mask();
                if (m != null) {
                    for (int i = 0; i < m.length; i++) {
                        m[i] = m[i] == 255 ? 1 : 0;
                    }
                }
            }
            return 2;
        }
        int max = counts.lastKey();
        boolean contiguous = counts.firstKey() >= 0 && counts.size() + (counts.containsKey(0) ? 0 : 1) == max + 1;
        if (contiguous && max + 1 <= MAX_CLASSES) {
            return Math.max(2, max + 1);
        }
        if (contiguous) {
            throw new IllegalArgumentException(where + " hold " + (max + 1) + " classes (0.." + max + ") but at most "
                    + MAX_CLASSES + " are supported; merge classes with --label-map");
        }
        throw new IllegalArgumentException(where + " hold the values " + describe(counts)
                + ", which are neither class ids 0..K-1 nor binary 0/255; map them to classes with --label-map, e.g. "
                + "--label-map " + suggestion(counts));
    }

    /** "0 (1200 px), 128 (300 px)", at most 12 values then "… and N more". */
    static String describe(Map<Integer, Long> counts) {
        StringJoiner j = new StringJoiner(", ");
        int shown = 0;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            if (shown++ == 12) {
                j.add("… and " + (counts.size() - 12) + " more");
                break;
            }
            j.add(e.getKey() + " (" + e.getValue() + " px)");
        }
        return j.toString();
    }

    /** Each value to its rank, "0:0,128:1" (at most 12 entries, then ",*:0"). */
    static String suggestion(Map<Integer, Long> counts) {
        StringJoiner j = new StringJoiner(",");
        int k = 0;
        for (Integer v : counts.keySet()) {
            if (k == 12) {
                j.add("*:0");
                break;
            }
            j.add(v + ":" + k++);
        }
        return j.toString();
    }
}
