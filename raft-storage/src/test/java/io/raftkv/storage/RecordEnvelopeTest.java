package io.raftkv.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RecordEnvelopeTest {

    @Test
    void aWrappedPayloadUnwrapsToTheSameBytes() throws Exception {
        byte[] payload = {1, 2, 3, 4, 5};

        assertArrayEquals(payload, RecordEnvelope.unwrap(RecordEnvelope.wrap(payload), "index 1").toByteArray());
        assertArrayEquals(new byte[0], RecordEnvelope.unwrap(RecordEnvelope.wrap(new byte[0]), "x").toByteArray());
    }

    @Test
    void everySingleBitFlipAnywhereIsCaughtAndNamesTheRecord() {
        byte[] stored = RecordEnvelope.wrap("some entry bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < stored.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = stored.clone();
                damaged[i] ^= (byte) (1 << bit);
                CorruptStorageException e = assertThrows(CorruptStorageException.class,
                        () -> RecordEnvelope.unwrap(damaged, "index 42"));
                assertTrue(e.getMessage().contains("index 42"), e.getMessage());
            }
        }
    }

    @Test
    void truncatedAndExtendedRecordsAreCaught() {
        byte[] stored = RecordEnvelope.wrap(new byte[] {9, 9, 9});

        assertThrows(CorruptStorageException.class,
                () -> RecordEnvelope.unwrap(Arrays.copyOf(stored, stored.length - 1), "hard state"));
        assertThrows(CorruptStorageException.class,
                () -> RecordEnvelope.unwrap(Arrays.copyOf(stored, stored.length + 1), "hard state"));
        assertThrows(CorruptStorageException.class, () -> RecordEnvelope.unwrap(new byte[3], "hard state"));
    }
}
