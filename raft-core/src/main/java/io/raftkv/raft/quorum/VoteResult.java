package io.raftkv.raft.quorum;

/** The outcome of a vote so far. */
public enum VoteResult {
    /** A majority granted. */
    WON,
    /** A majority refused: the election cannot be won any more. */
    LOST,
    /** Neither yet. */
    PENDING
}
