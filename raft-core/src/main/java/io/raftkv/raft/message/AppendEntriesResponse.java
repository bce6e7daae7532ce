package io.raftkv.raft.message;

/**
 * A follower's answer. On success {@code matchIndex} is the last index it now shares with the
 * leader, and it is sent only once those entries are durable. On rejection, {@code conflictTerm}
 * and {@code conflictIndex} let the leader skip a whole term per round trip (fast backtracking):
 * conflictTerm is the follower's term at prevLogIndex (0 if its log is shorter) and
 * conflictIndex the first index it holds of that term (or its last index + 1).
 */
public record AppendEntriesResponse(long from, long to, long term, boolean success, long matchIndex,
                                    long conflictTerm, long conflictIndex, long lastLogIndex)
        implements Message {

    public static AppendEntriesResponse accepted(long from, long to, long term, long matchIndex) {
        return new AppendEntriesResponse(from, to, term, true, matchIndex, 0, 0, matchIndex);
    }

    public static AppendEntriesResponse rejected(long from, long to, long term, long conflictTerm,
                                                 long conflictIndex, long lastLogIndex) {
        return new AppendEntriesResponse(from, to, term, false, 0, conflictTerm, conflictIndex, lastLogIndex);
    }
}
