package io.raftkv.raft;

/** Volatile state reported whenever it changes: who this node is and whom it follows. */
public record SoftState(Role role, long term, long leaderId) {
    public static final long NO_LEADER = 0;
}
