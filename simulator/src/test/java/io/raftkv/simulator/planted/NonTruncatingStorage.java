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
 * <p>Not in {@link PlantedBugsTest}: the nemesis has not caught it (0 of 200 seeds; 1 of 200
 * before snapshots). It takes a divergent suffix longer than what replaces it, then a restart
 * before the node catches up. {@link PlantedBugExplorer} measures it; a fault aimed at that
 * sequence is still to be written.
 */
final class NonTruncatingStorage implements LogStorage {
    static final StorageWrapper WRAPPER = (nodeId, incarnation, storage) -> new NonTruncatingStorage(storage);

    private final LogStorage storage;
    /** What this storage really keeps, stale tail included: kept.get(i) has index offset + 1 + i. */
    private final List<Entry> kept = new ArrayList<>();
    private long offset;

    private NonTruncatingStorage(LogStorage storage) {
        this.storage = storage;
    }

    @Override
    public PersistentState load() throws IOException {
        PersistentState real = storage.load();
        kept.clear();
        kept.addAll(real.entries());
        offset = real.entries().isEmpty() ? real.snapshot().index() : real.entries().get(0).index() - 1;
        return real;
    }

    @Override
    public void write(HardState hardState, List<Entry> entries, WriteCallback callback) {
        if (entries.isEmpty()) {
            storage.write(hardState, entries, callback);
            return;
        }
        long first = entries.get(0).index();
        if (first <= offset || first > offset + kept.size() + 1) {
            // Not a case this bug is about: let the real storage judge the write.
            storage.write(hardState, entries, callback);
            return;
        }
        for (Entry entry : entries) {
            int position = (int) (entry.index() - offset - 1);
            if (position < kept.size()) {
                kept.set(position, entry);
            } else {
                kept.add(entry);
            }
        }
        // Rewrites from the first new index to the end of what it keeps: the stale tail survives.
        storage.write(hardState, List.copyOf(kept.subList((int) (first - offset - 1), kept.size())), callback);
    }

    @Override
    public void compactThrough(long index) {
        storage.compactThrough(index);
    }

    @Override
    public void installSnapshot(SnapshotMeta snapshot) {
        // This bug is about truncation by writes; an install is passed on, and the model starts over after it.
        storage.installSnapshot(snapshot);
        kept.clear();
        offset = snapshot.index();
    }

    @Override
    public void close() {
        storage.close();
    }
}
