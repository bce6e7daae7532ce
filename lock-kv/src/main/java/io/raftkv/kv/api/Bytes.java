package io.raftkv.kv.api;

import com.google.protobuf.ByteString;

/** Keys and values are bytes; the handles also take strings, as UTF-8. */
public final class Bytes {
    private Bytes() {
    }

    public static ByteString of(String utf8) {
        return ByteString.copyFromUtf8(utf8);
    }
}
