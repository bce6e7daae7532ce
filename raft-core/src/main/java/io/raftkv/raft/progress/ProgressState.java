package io.raftkv.raft.progress;

/** How the leader is sending entries to one follower. */
public enum ProgressState {
    /** The follower's log position is unknown: one append at a time until one succeeds. */
    PROBE,
    /** The follower is in sync: appends are pipelined inside the in-flight window. */
    REPLICATE,
    /**
     * The follower needs entries the leader compacted into a snapshot: appends pause (heartbeats
     * do not) until it acknowledges the snapshot's index, or the driver reports the send failed.
     */
    SNAPSHOT
}
