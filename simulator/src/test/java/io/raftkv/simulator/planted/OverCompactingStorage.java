package io.raftkv.simulator.planted;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.LogStorage;
import io.raftkv.simulator.SimConfig;
import io.raftkv.simulator.disk.StorageWrapper;
import java.io.IOException;
import java.util.List;

/**
 * PLANTED BUG: storage that compacts past the snapshot (an error in the trailing window: it adds
 * the trailing entries instead of keeping them, and then some), dropping durable entries that no snapshot
 * covers. The node still holds them in memory; a restart finds a log that starts after a gap.
 */
final class OverCompactingStorage {
    /** How far past the snapshot it compacts: a few entries, usually still inside the stored log. */
    private static final long OVERSHOOT_ENTRIES = 5;

    static final StorageWrapper WRAPPER = (nodeId, incarnation, storage) -> new LogStorage() {
        @Override
        public PersistentState load() throws IOException {
            return storage.load();
        }

        @Override
        public void write(HardState hardState, List<Entry> entries, WriteCallback callback) {
            storage.write(hardState, entries, callback);
        }

        @Override
        public void compactThrough(long index) {
            storage.compactThrough(index + SimConfig.SNAPSHOTS.trailingEntries() + OVERSHOOT_ENTRIES);
        }

        @Override
        public void installSnapshot(SnapshotMeta snapshot) {
            storage.installSnapshot(snapshot);
        }

        @Override
        public void close() {
            storage.close();
        }
    };

    private OverCompactingStorage() {}
}
