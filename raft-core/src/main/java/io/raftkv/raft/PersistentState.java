package io.raftkv.raft;

import java.util.List;
import java.util.Objects;

/**
 * What a node found durable when it started: its hard state, the snapshot its state machine was
 * restored from ({@link SnapshotMeta#NONE} if none) and its log. The entries are contiguous; those
 * at or below the snapshot's index may be present (storage may keep a compacted prefix) and are
 * skipped. {@code appliedIndex} is how far the state machine already is: 0 for an in-memory state
 * machine that starts empty, the snapshot's index for one restored from the snapshot.
 */
public record PersistentState(HardState hardState, List<Entry> entries, long appliedIndex, SnapshotMeta snapshot) {
    public static final PersistentState EMPTY = new PersistentState(HardState.INITIAL, List.of(), 0);

    public PersistentState {
        entries = List.copyOf(entries);
        Objects.requireNonNull(snapshot, "snapshot (SnapshotMeta.NONE when there is none)");
    }

    /** Without a snapshot. */
    public PersistentState(HardState hardState, List<Entry> entries, long appliedIndex) {
        this(hardState, entries, appliedIndex, SnapshotMeta.NONE);
    }
}
