package org.segrad.io;

import java.io.IOException;

/** A {@code .npy} file that breaks the format or one of {@link Npy}'s rules; the message names what is wrong. */
public final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message that names the field, the expected and the actual value. */
    public NpyFormatException(String message) {
        super(message);
    }
}
