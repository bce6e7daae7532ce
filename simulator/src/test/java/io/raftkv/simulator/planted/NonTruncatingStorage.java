package io.raftkv.simulator.planted;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.LogStorage;
import io.raftkv.simulator.disk.StorageWrapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * PLANTED BUG: storage that overwrites entries in place but never deletes the rest of a
 * replaced suffix (a forgotten range delete). The node believes its log ends with the new
 * entries; after a restart it finds the stale entries of an old term after them.
 *
 * <p>The rarest catch of the planted bugs (about 1 seed in 10): it takes a divergent suffix
 * longer than what replaces it, then a restart before the node catches up.
 */
final class NonTruncatingStorage implements LogStorage {
    static final StorageWrapper WRAPPER = (nodeId, incarnation, storage) -> new NonTruncatingStorage(storage);

    private final LogStorage storage;
    /** What this storage really keeps, stale tail included. */
    private final List<Entry> kept = new ArrayList<>();

    private NonTruncatingStorage(LogStorage storage) {
        this.storage = storage;
    }

    @Override
    public PersistentState load() throws IOException {
        PersistentState real = storage.load();
        kept.clear();
        kept.addAll(real.entries());
        return real;
    }

    @Override
    public void write(HardState hardState, List<Entry> entries, WriteCallback callback) {
        if (entries.isEmpty()) {
            storage.write(hardState, entries, callback);
            return;
        }
        int first = (int) entries.get(0).index();
        for (Entry entry : entries) {
            int position = (int) entry.index() - 1;
            if (position < kept.size()) {
                kept.set(position, entry);
            } else {
                kept.add(entry);
            }
        }
        // Rewrites from the first new index to the end of what it keeps: the stale tail survives.
        storage.write(hardState, List.copyOf(kept.subList(first - 1, kept.size())), callback);
    }

    @Override
    public void compactThrough(long index) {
        // Its own model of the log is indexed from 1; keeping the prefix is allowed.
    }

    @Override
    public void installSnapshot(SnapshotMeta snapshot) {
        // The suffix-following rule needs the real log; this storage is about truncation, so it passes on.
        storage.installSnapshot(snapshot);
        kept.clear();
    }

    @Override
    public void close() {
        storage.close();
    }
}
