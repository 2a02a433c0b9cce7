package org.segrad.train;

/** Training hit a NaN or infinite loss; the last good checkpoint is kept. */
public final class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NonFiniteLossException(String message) {
        super(message);
    }
}
