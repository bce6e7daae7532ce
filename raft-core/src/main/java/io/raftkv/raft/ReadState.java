package io.raftkv.raft;

/**
 * A ReadIndex read whose leadership check has passed: once this node has applied up to
 * {@code readIndex}, the read identified by {@code readId} may be served linearizably.
 */
public record ReadState(long readId, long readIndex) {}
