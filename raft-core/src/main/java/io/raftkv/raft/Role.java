package io.raftkv.raft;

public enum Role {
    FOLLOWER,
    /** Asking for pre-votes (Raft thesis §9.6) before disturbing the cluster with a new term. */
    PRE_CANDIDATE,
    CANDIDATE,
    LEADER
}
