package io.raftkv.raft.runtime;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.util.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * A log that lives in memory and counts every write as durable at once: for tests, and for
 * nodes that rebuild from their peers. It survives {@link RaftNode#stop()} (not the process),
 * so a node restarted on the same instance finds its log and vote again.
 */
public final class MemoryLogStorage implements LogStorage {
    private final List<Entry> entries = new ArrayList<>();
    private HardState hardState = HardState.INITIAL;
    /** The index of the entry before {@code entries.get(0)}: the compacted or installed prefix. */
    private long offset;
    /** The snapshot the log follows since the last install ({@link SnapshotMeta#NONE} before one). */
    private SnapshotMeta snapshot = SnapshotMeta.NONE;

    @Override
    public synchronized PersistentState load() {
        return new PersistentState(hardState, entries, 0, snapshot);
    }

    @Override
    public void write(HardState newHardState, List<Entry> newEntries, WriteCallback callback) {
        synchronized (this) {
            appendTruncating(newEntries);
            if (newHardState != null) {
                hardState = newHardState;
            }
        }
        callback.onDurable();
    }

    private void appendTruncating(List<Entry> newEntries) {
        if (newEntries.isEmpty()) {
            return;
        }
        long first = newEntries.get(0).index();
        Check.that(first > offset && first <= offset + entries.size() + 1,
                "append at index %d leaves a gap after the last index %d (log starts after %d)",
                first, offset + entries.size(), offset);
        entries.subList((int) (first - offset - 1), entries.size()).clear();
        entries.addAll(newEntries);
    }

    @Override
    public synchronized void compactThrough(long index) {
        if (index <= offset) {
            return;
        }
        int dropped = (int) Math.min(entries.size(), index - offset);
        entries.subList(0, dropped).clear();
        offset = index;
    }

    @Override
    public synchronized void installSnapshot(SnapshotMeta installed) {
        long index = installed.index();
        Check.that(index >= offset, "snapshot at index %d is behind the log's start %d: installing it would drop"
                + " entries that no snapshot covers", index, offset);
        boolean suffixFollows = index > offset && index <= offset + entries.size()
                && entries.get((int) (index - offset - 1)).term() == installed.term();
        if (suffixFollows) {
            entries.subList(0, (int) (index - offset)).clear();
        } else {
            entries.clear();
        }
        offset = index;
        snapshot = installed;
    }

    public synchronized HardState hardState() {
        return hardState;
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    @Override
    public void close() {
        // Nothing to release: the log stays for a restart on the same instance.
    }
}
