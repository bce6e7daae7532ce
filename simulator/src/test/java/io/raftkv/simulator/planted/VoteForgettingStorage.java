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
 * PLANTED BUG: storage that loses the vote on restart: load() returns the durable term and log
 * but votedFor = 0, so a restarted node may vote a second time in the same term.
 */
final class VoteForgettingStorage implements LogStorage {
    static final StorageWrapper WRAPPER = (nodeId, incarnation, storage) -> new VoteForgettingStorage(storage);

    private final LogStorage storage;

    private VoteForgettingStorage(LogStorage storage) {
        this.storage = storage;
    }

    @Override
    public PersistentState load() throws IOException {
        PersistentState real = storage.load();
        HardState hard = real.hardState();
        return new PersistentState(new HardState(hard.term(), HardState.NO_VOTE, hard.commitIndex()),
                real.entries(), real.appliedIndex(), real.snapshot());
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
