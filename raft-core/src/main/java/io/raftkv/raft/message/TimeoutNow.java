package io.raftkv.raft.message;

/** Leadership transfer (thesis §3.10): the target starts an election at once, skipping pre-vote. */
public record TimeoutNow(long from, long to, long term) implements Message {}
