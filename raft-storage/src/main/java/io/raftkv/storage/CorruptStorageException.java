package io.raftkv.storage;

import java.io.IOException;

/**
 * Stored bytes that fail their checksum, framing or decoding, or a log that breaks its own rules
 * (a gap, a falling term). The message names where ("index 42", "hard state"): the node refuses
 * to start rather than skipping a record it cannot trust.
 */
public final class CorruptStorageException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptStorageException(String message) {
        super(message);
    }

    public CorruptStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
