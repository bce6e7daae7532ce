package io.raftkv.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class KeyIntervalTest {
    private static ByteString b(String s) {
        return ByteString.copyFromUtf8(s);
    }

    private static ByteString raw(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return ByteString.copyFrom(out);
    }

    @Test
    void anEmptyRangeEndMeansJustTheKey() {
        KeyInterval range = KeyInterval.of(b("a"), ByteString.EMPTY);
        assertTrue(range.contains(b("a")));
        assertFalse(range.contains(b("ab")));
    }

    @Test
    void aRangeIsHalfOpen() {
        KeyInterval range = KeyInterval.of(b("b"), b("d"));
        assertFalse(range.contains(b("a")));
        assertTrue(range.contains(b("b")));
        assertTrue(range.contains(b("cz")));
        assertFalse(range.contains(b("d")));
    }

    @Test
    void aZeroByteRangeEndMeansFromTheKeyOn() {
        KeyInterval range = KeyInterval.of(b("m"), raw(0));
        assertTrue(range.contains(b("zzz")));
        assertFalse(range.contains(b("l")));
        assertTrue(KeyInterval.of(ByteString.EMPTY, raw(0)).contains(b("")));
    }

    @Test
    void prefixEndIncrementsTheLastByteBelow0xff() {
        assertEquals(b("/locb"), KeyInterval.prefixEnd(b("/loca")));
        assertEquals(raw('a' + 1), KeyInterval.prefixEnd(raw('a', 0xff, 0xff)));
        assertEquals(raw(0), KeyInterval.prefixEnd(raw(0xff, 0xff)), "all 0xff: every key from the prefix on");
        KeyInterval prefix = KeyInterval.of(b("/cron/"), KeyInterval.prefixEnd(b("/cron/")));
        assertTrue(prefix.contains(b("/cron/lock")));
        assertFalse(prefix.contains(b("/cron0")));
    }

    @Test
    void bytesCompareUnsigned() {
        assertTrue(KeyInterval.of(raw(0x01), raw(0x90)).contains(raw(0x80)), "0x80 sorts after 0x01 when unsigned");
    }
}
