package io.raftkv.raft.message;

/**
 * A candidate asks for a vote (Raft §5.2), or a pre-candidate asks whether it would get one
 * (thesis §9.6: a pre-vote carries the term the candidate would use, and changes nobody's term).
 */
public record RequestVote(long from, long to, long term, long lastLogIndex, long lastLogTerm,
                          boolean preVote, boolean leadershipTransfer) implements Message {}
