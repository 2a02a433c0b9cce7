package org.segrad.io;

import java.io.IOException;

/** A safetensors file that breaks the format or one of {@link Safetensors}' rules; the message names what is wrong. */
public final class SafetensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message that names the field, the expected and the actual value. */
    public SafetensorsFormatException(String message) {
        super(message);
    }
}
