package io.raftkv.raft;

import io.raftkv.raft.util.Check;

/**
 * Names a snapshot of the state machine: it holds the effect of every entry up to and including
 * {@code index}, whose term is {@code term} (Raft §7: the last included index and term). The log
 * that follows a snapshot starts at {@code index + 1}. {@link #NONE} (0, 0) is "no snapshot".
 */
public record SnapshotMeta(long index, long term) {
    public static final SnapshotMeta NONE = new SnapshotMeta(0, 0);

    public SnapshotMeta {
        Check.that(index >= 0 && term >= 0, "snapshot index and term must not be negative: %d, %d", index, term);
        Check.that((index == 0) == (term == 0), "a snapshot has term 0 exactly at index 0: index %d, term %d",
                index, term);
    }

    public boolean isNone() {
        return index == 0;
    }
}
