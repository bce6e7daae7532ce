package io.raftkv.raft.message;

/**
 * Keeps followers from starting elections. {@code commitIndex} is at most the follower's known
 * match index, so a follower may apply it without checking its log. A non-zero
 * {@code readContext} asks the follower to echo it: a quorum of echoes confirms leadership for
 * the ReadIndex requests of that round.
 */
public record Heartbeat(long from, long to, long term, long commitIndex, long readContext) implements Message {}
