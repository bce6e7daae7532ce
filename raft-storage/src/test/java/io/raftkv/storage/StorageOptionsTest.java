package io.raftkv.storage;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.storage.StorageOptions.Compression;
import org.junit.jupiter.api.Test;

class StorageOptionsTest {

    private static void assertRefused(String field, org.junit.jupiter.api.function.Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().startsWith(field + " "), e.getMessage());
    }

    @Test
    void defaultsAreValid() {
        assertDoesNotThrow(StorageOptions::defaults);
    }

    @Test
    void eachLimitIsCheckedAndNamed() {
        assertRefused("writeQueueMax", () -> new StorageOptions(0, 1, 1, 1, 1 << 20, Compression.NONE));
        assertRefused("enqueueTimeoutMs", () -> new StorageOptions(1, 0, 1, 1, 1 << 20, Compression.NONE));
        assertRefused("groupWritesMax", () -> new StorageOptions(4, 1, 5, 1, 1 << 20, Compression.NONE));
        assertRefused("groupBytesMax", () -> new StorageOptions(4, 1, 1, 0, 1 << 20, Compression.NONE));
        assertRefused("writeBufferBytes", () -> new StorageOptions(4, 1, 1, 1, 1000, Compression.NONE));
        assertRefused("compression", () -> new StorageOptions(4, 1, 1, 1, 1 << 20, null));
    }
}
