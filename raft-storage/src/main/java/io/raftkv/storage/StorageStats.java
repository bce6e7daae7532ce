package io.raftkv.storage;

/**
 * Counters of the group commit since open: {@code writesDurable} acknowledged writes,
 * {@code syncs} synced RocksDB write batches that carried them. Group commit works when
 * {@code syncs} is well below {@code writesDurable}.
 */
public record StorageStats(long writesDurable, long syncs) {
    public double writesPerSync() {
        return syncs == 0 ? 0 : (double) writesDurable / syncs;
    }
}
