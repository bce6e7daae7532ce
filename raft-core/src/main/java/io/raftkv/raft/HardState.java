package io.raftkv.raft;

import io.raftkv.raft.util.Check;

/**
 * What a node must persist before it answers anyone (Raft §5.1, Figure 2): its current term and
 * its vote in that term. The commit index is kept too, so that a restart can re-apply without
 * waiting for a leader; losing it is safe.
 */
public record HardState(long term, long votedFor, long commitIndex) {
    public static final long NO_VOTE = 0;
    public static final HardState INITIAL = new HardState(0, NO_VOTE, 0);

    public HardState {
        Check.that(term >= 0 && votedFor >= 0 && commitIndex >= 0,
                "hard state fields must not be negative: term=%d votedFor=%d commitIndex=%d",
                term, votedFor, commitIndex);
    }
}
