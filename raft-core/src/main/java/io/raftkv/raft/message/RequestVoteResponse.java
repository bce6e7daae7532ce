package io.raftkv.raft.message;

public record RequestVoteResponse(long from, long to, long term, boolean granted, boolean preVote)
        implements Message {}
