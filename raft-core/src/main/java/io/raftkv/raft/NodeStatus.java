package io.raftkv.raft;

/** A consistent look at one node's progress, for monitoring, tests and the simulator. */
public record NodeStatus(long nodeId, Role role, long term, long leaderId, long votedFor,
                         long commitIndex, long appliedIndex, long lastIndex, long lastTerm,
                         long persistedIndex) {}
