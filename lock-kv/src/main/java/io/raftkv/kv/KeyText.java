package io.raftkv.kv;

import com.google.protobuf.ByteString;

/** A key as error messages show it: quoted, printable ASCII as is, other bytes as \xNN, long keys cut. */
public final class KeyText {
    /** Enough to recognise a key in a message without pasting a 1.5 MiB key into a log line. */
    private static final int SHOWN_BYTES_MAX = 64;

    private KeyText() {
    }

    public static String of(ByteString key) {
        int shown = Math.min(key.size(), SHOWN_BYTES_MAX);
        StringBuilder text = new StringBuilder(shown + 8).append('\'');
        for (int i = 0; i < shown; i++) {
            int b = key.byteAt(i) & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\' && b != '\'') {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        text.append('\'');
        if (shown < key.size()) {
            text.append("... (").append(key.size()).append(" bytes)");
        }
        return text.toString();
    }
}
