package io.raftkv.kv;

import io.raftkv.kv.proto.KvError;

/**
 * A KV request refused before it changed anything: what was wrong, and the limit or rule it broke.
 * The {@link KvError.Code} says which kind, so callers (and the gRPC layer) can map it without
 * parsing the message.
 */
public final class KvException extends RuntimeException {
    private final KvError.Code code;

    public KvException(KvError.Code code, String message) {
        super(message);
        this.code = code;
    }

    public KvError.Code code() {
        return code;
    }

    public KvError toError() {
        return KvError.newBuilder().setCode(code).setMessage(getMessage()).build();
    }

    public static KvException of(KvError error) {
        return new KvException(error.getCode(), error.getMessage());
    }

    @Override
    public String toString() {
        return "KvException[" + code + "]: " + getMessage();
    }
}
