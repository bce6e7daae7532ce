package io.raftkv.storage;

import io.raftkv.raft.util.Check;
import java.nio.ByteBuffer;

/**
 * Keys of the log column family: the index as 8 bytes, big-endian, so that RocksDB's bytewise
 * order is index order (indices are positive, so the sign bit never disturbs it).
 */
final class LogKeys {
    private LogKeys() {}

    static final int KEY_BYTES = Long.BYTES;

    static byte[] key(long index) {
        Check.that(index > 0, "log index must be positive, was %d", index);
        return ByteBuffer.allocate(KEY_BYTES).putLong(index).array();
    }

    static long index(byte[] key) throws CorruptStorageException {
        if (key.length != KEY_BYTES) {
            throw new CorruptStorageException("corrupt log key: " + key.length + " bytes, expected " + KEY_BYTES);
        }
        long index = ByteBuffer.wrap(key).getLong();
        if (index <= 0) {
            throw new CorruptStorageException("corrupt log key: index " + index + " is not positive");
        }
        return index;
    }
}
