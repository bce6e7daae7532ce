package io.raftkv.simulator.disk;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.util.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * What one node's disk holds durably: the hard state, the snapshot the log follows (if one was
 * installed from a leader) and the log, whose prefix may have been dropped behind a snapshot.
 */
public final class DurableLog {
    private final List<Entry> entries = new ArrayList<>();
    /** The index just before the first stored entry: entries.get(i) has index offset + 1 + i. */
    private long offset;
    private SnapshotMeta snapshot = SnapshotMeta.NONE;
    private HardState hardState = HardState.INITIAL;

    /**
     * Applies one write with {@link io.raftkv.raft.runtime.LogStorage#write}'s meaning: the stored
     * suffix from the first new index is replaced. A write that would leave a gap is a bug of the
     * writer, and fails loudly rather than storing a log with a hole.
     */
    public void apply(HardState newHardState, List<Entry> newEntries) {
        if (!newEntries.isEmpty()) {
            long first = newEntries.get(0).index();
            Check.that(first > offset && first <= lastIndex() + 1,
                    "write at index %d would leave a gap after the last durable index %d (stored from %d)",
                    first, lastIndex(), offset + 1);
            for (int i = 1; i < newEntries.size(); i++) {
                Check.that(newEntries.get(i).index() == first + i,
                        "write entries not contiguous at %d", newEntries.get(i).index());
            }
            entries.subList((int) Math.min(entries.size(), first - 1 - offset), entries.size()).clear();
            entries.addAll(newEntries);
        }
        if (newHardState != null) {
            hardState = newHardState;
        }
    }

    /** Drops stored entries through {@code index} (a snapshot covers them). */
    public void compactThrough(long index) {
        if (index <= offset) {
            return;
        }
        int drop = (int) Math.min(entries.size(), index - offset);
        entries.subList(0, drop).clear();
        offset = index;
    }

    /**
     * The log now follows {@code installed}: entries through its index go, and so does the suffix
     * unless the entry at its index has its term (then the suffix still follows it).
     */
    public void installSnapshot(SnapshotMeta installed) {
        boolean suffixFollows = termAt(installed.index()) == installed.term() && installed.index() <= lastStoredIndex();
        if (suffixFollows) {
            compactThrough(installed.index());
        } else {
            entries.clear();
            offset = installed.index();
        }
        snapshot = installed;
    }

    public HardState hardState() {
        return hardState;
    }

    /** The last index the log reaches: its last entry's, or the snapshot's when no entry follows it. */
    public long lastIndex() {
        return Math.max(lastStoredIndex(), snapshot.index());
    }

    private long lastStoredIndex() {
        return offset + entries.size();
    }

    /** The term of the entry at {@code index} (the snapshot's term at its index), or 0 when unknown. */
    public long termAt(long index) {
        if (index > offset && index <= lastStoredIndex()) {
            return entries.get((int) (index - offset - 1)).term();
        }
        return index == snapshot.index() ? snapshot.term() : 0;
    }

    /** A copy of what is durable, as a node finds it when it starts (its state machine starts empty). */
    public PersistentState snapshot() {
        return new PersistentState(hardState, entries, 0, snapshot);
    }
}
