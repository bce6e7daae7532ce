package io.raftkv.raft;

import java.util.List;

/**
 * What a node found durable when it started: its hard state and its log. The entries are
 * contiguous; {@code appliedIndex} is how far the state machine already is (0 for an
 * in-memory state machine that starts empty).
 */
public record PersistentState(HardState hardState, List<Entry> entries, long appliedIndex) {
    public static final PersistentState EMPTY = new PersistentState(HardState.INITIAL, List.of(), 0);

    public PersistentState {
        entries = List.copyOf(entries);
    }
}
