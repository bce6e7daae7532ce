package io.raftkv.raft.runtime;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
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

    @Override
    public synchronized PersistentState load() {
        return new PersistentState(hardState, entries, 0);
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
        Check.that(first >= 1 && first <= entries.size() + 1,
                "append at index %d leaves a gap after the last index %d", first, entries.size());
        entries.subList((int) (first - 1), entries.size()).clear();
        entries.addAll(newEntries);
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
