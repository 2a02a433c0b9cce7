package org.segrad.nn;

import java.util.List;

/**
 * A state dict that does not fit a module: lists the missing keys (expected, absent), the unexpected keys (present,
 * unknown) and the mis-shaped keys (with expected and actual shapes).
 */
public final class StateDictException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> missing;
    private final List<String> unexpected;
    private final List<String> misshaped;

    public StateDictException(String module, List<String> missing, List<String> unexpected, List<String> misshaped) {
        super(message(module, missing, unexpected, misshaped));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.misshaped = List.copyOf(misshaped);
    }

    private static String message(String module, List<String> missing, List<String> unexpected, List<String> misshaped) {
        StringBuilder sb = new StringBuilder("error loading the state dict of ").append(module).append(':');
        if (!missing.isEmpty()) sb.append(" missing keys ").append(firstFew(missing)).append(';');
        if (!unexpected.isEmpty()) sb.append(" unexpected keys ").append(firstFew(unexpected)).append(';');
        if (!misshaped.isEmpty()) sb.append(" size mismatch ").append(firstFew(misshaped)).append(';');
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    /** The first {@value #SHOWN} entries, then "… and N more" (a wrong --base must not print 6 KB of shapes). */
    static String firstFew(List<String> keys) {
        if (keys.size() <= SHOWN) return keys.toString();
        return keys.subList(0, SHOWN).toString().replaceFirst("]$", ", … and " + (keys.size() - SHOWN) + " more]");
    }

    /** How many keys of each kind the message names. */
    static final int SHOWN = 3;

    public List<String> missingKeys() { return missing; }

    public List<String> unexpectedKeys() { return unexpected; }

    /** Entries "key: expected [..] but got [..]". */
    public List<String> misshapedKeys() { return misshaped; }
}
