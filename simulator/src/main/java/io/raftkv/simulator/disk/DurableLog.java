package io.raftkv.simulator.disk;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.util.Check;
import java.util.ArrayList;
import java.util.List;

/** What one node's disk holds durably: the hard state and a log that starts at index 1. */
public final class DurableLog {
    private final List<Entry> entries = new ArrayList<>();
    private HardState hardState = HardState.INITIAL;

    /**
     * Applies one write with {@link io.raftkv.raft.runtime.LogStorage#write}'s meaning: the stored
     * suffix from the first new index is replaced. A write that would leave a gap is a bug of the
     * writer, and fails loudly rather than storing a log with a hole.
     */
    public void apply(HardState newHardState, List<Entry> newEntries) {
        if (!newEntries.isEmpty()) {
            long first = newEntries.get(0).index();
            Check.that(first >= 1 && first <= entries.size() + 1,
                    "write at index %d would leave a gap after the last durable index %d", first, entries.size());
            for (int i = 1; i < newEntries.size(); i++) {
                Check.that(newEntries.get(i).index() == first + i,
                        "write entries not contiguous at %d", newEntries.get(i).index());
            }
            entries.subList((int) (first - 1), entries.size()).clear();
            entries.addAll(newEntries);
        }
        if (newHardState != null) {
            hardState = newHardState;
        }
    }

    public HardState hardState() {
        return hardState;
    }

    public long lastIndex() {
        return entries.size();
    }

    /** The term of the durable entry at {@code index}, or 0 when there is none. */
    public long termAt(long index) {
        return index >= 1 && index <= entries.size() ? entries.get((int) (index - 1)).term() : 0;
    }

    /** A copy of what is durable, as a node finds it when it starts (its state machine starts empty). */
    public PersistentState snapshot() {
        return new PersistentState(hardState, entries, 0);
    }
}
