package io.raftkv.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.kv.proto.KvError;
import org.junit.jupiter.api.function.Executable;

/** Assertions on KV refusals. */
public final class KvAssertions {
    private KvAssertions() {
    }

    /** Asserts that {@code request} is refused with {@code code} and a message that contains {@code messagePart}. */
    public static KvException refused(KvError.Code code, String messagePart, Executable request) {
        KvException refused = assertThrows(KvException.class, request);
        assertEquals(code, refused.code(), refused.getMessage());
        assertTrue(refused.getMessage().contains(messagePart),
                () -> "message '" + refused.getMessage() + "' should contain '" + messagePart + "'");
        return refused;
    }
}
