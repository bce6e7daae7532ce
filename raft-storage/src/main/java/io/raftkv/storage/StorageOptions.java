package io.raftkv.storage;

/**
 * Limits and choices of a {@link RocksDbLogStorage}; every field is validated here, with a message
 * that names the field, its value and the limit.
 *
 * @param writeQueueMax       writes issued but not yet taken by the writer thread; when full, a
 *                            caller blocks up to {@code enqueueTimeoutMs}
 * @param enqueueTimeoutMs    how long a caller may block on a full queue before the storage fails
 *                            loudly and stops (the disk is not keeping up or is hung)
 * @param groupWritesMax      writes that share one synced batch at most
 * @param groupBytesMax       payload bytes that share one synced batch at most (a group holds at
 *                            least one write, whatever its size)
 * @param writeBufferBytes    RocksDB memtable size of the log column family
 * @param compression         compression of the log's SST files (the WAL is never compressed)
 */
public record StorageOptions(
        int writeQueueMax,
        long enqueueTimeoutMs,
        int groupWritesMax,
        long groupBytesMax,
        long writeBufferBytes,
        Compression compression) {

    public static final int WRITE_QUEUE_MAX_LIMIT = 1 << 20;
    public static final long ENQUEUE_TIMEOUT_MS_LIMIT = 600_000;
    public static final long GROUP_BYTES_MAX_LIMIT = 256L << 20;
    public static final long WRITE_BUFFER_BYTES_MIN = 1L << 20;
    public static final long WRITE_BUFFER_BYTES_LIMIT = 1L << 30;

    /**
     * Log SST compression. NONE is the default, on measurement: compression applies only when
     * memtables are flushed and compacted, never to the WAL that every acknowledged write waits
     * for, so it cannot speed up appends; it can only take CPU from the writer. With
     * {@code ./raftkv bench storage} on a shared two-core VM, LZ4 gave no gain at any writer count
     * (256 writers: 124k entries/s with LZ4 against 153k with NONE, p99 7.5 ms against 4.6 ms; the
     * runs are noisy, but never in LZ4's favour). Raft entries are also short-lived (compacted
     * after snapshots), so the disk space saved is small. LZ4 stays available for large,
     * compressible commands.
     */
    public enum Compression { NONE, LZ4 }

    public StorageOptions {
        within("writeQueueMax", writeQueueMax, 1, WRITE_QUEUE_MAX_LIMIT);
        within("enqueueTimeoutMs", enqueueTimeoutMs, 1, ENQUEUE_TIMEOUT_MS_LIMIT);
        within("groupWritesMax", groupWritesMax, 1, writeQueueMax);
        within("groupBytesMax", groupBytesMax, 1, GROUP_BYTES_MAX_LIMIT);
        within("writeBufferBytes", writeBufferBytes, WRITE_BUFFER_BYTES_MIN, WRITE_BUFFER_BYTES_LIMIT);
        if (compression == null) {
            throw new IllegalArgumentException("compression must be set (NONE or LZ4)");
        }
    }

    public static StorageOptions defaults() {
        return new StorageOptions(4096, 5_000, 1024, 16L << 20, 64L << 20, Compression.NONE);
    }

    public StorageOptions withCompression(Compression value) {
        return new StorageOptions(writeQueueMax, enqueueTimeoutMs, groupWritesMax, groupBytesMax,
                writeBufferBytes, value);
    }

    public StorageOptions withWriteQueueMax(int value) {
        return new StorageOptions(value, enqueueTimeoutMs, Math.min(groupWritesMax, value), groupBytesMax,
                writeBufferBytes, compression);
    }

    private static void within(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
        }
    }
}
