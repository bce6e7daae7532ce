package io.raftkv.raft.message;

public record HeartbeatResponse(long from, long to, long term, long readContext) implements Message {}
