package io.raftkv.raft.codec;

import java.io.IOException;

/**
 * Bytes or a decoded protobuf value that cannot stand for one of our records: unparseable bytes,
 * a missing body, an unspecified or unknown enum value, a number out of range or a broken rule.
 * The message says what was wrong and where. This is bad input, never a bug of raftkv: the
 * caller drops the message (transport) or reports corruption with its location (storage).
 */
public final class CodecException extends IOException {
    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
