package io.raftkv.simulator.planted;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.LogStorage;
import io.raftkv.simulator.disk.StorageWrapper;
import java.io.IOException;
import java.util.List;

/**
 * PLANTED BUG: storage that loses the last synced log entry on restart (a torn final record
 * skipped as if it were never written, instead of being reported as corruption). The node had
 * acknowledged that entry, so a leader may have counted it towards a commit.
 */
final class TailLosingStorage implements LogStorage {
    static final StorageWrapper WRAPPER = (nodeId, incarnation, storage) -> new TailLosingStorage(storage);

    private final LogStorage storage;

    private TailLosingStorage(LogStorage storage) {
        this.storage = storage;
    }

    @Override
    public PersistentState load() throws IOException {
        PersistentState real = storage.load();
        List<Entry> entries = real.entries();
        if (entries.isEmpty()) {
            return real;
        }
        List<Entry> shorter = entries.subList(0, entries.size() - 1);
        HardState hard = real.hardState();
        // Keeps the hard state consistent with the shortened log, as a real torn write would leave it.
        long commit = Math.min(hard.commitIndex(), shorter.size());
        return new PersistentState(new HardState(hard.term(), hard.votedFor(), commit), shorter, real.appliedIndex(),
                real.snapshot());
    }

    @Override
    public void write(HardState hardState, List<Entry> entries, WriteCallback callback) {
        storage.write(hardState, entries, callback);
    }

    @Override
    public void compactThrough(long index) {
        storage.compactThrough(index);
    }

    @Override
    public void installSnapshot(SnapshotMeta snapshot) {
        storage.installSnapshot(snapshot);
    }

    @Override
    public void close() {
        storage.close();
    }
}
