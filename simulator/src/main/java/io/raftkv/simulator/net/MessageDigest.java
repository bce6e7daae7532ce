package io.raftkv.simulator.net;

import io.raftkv.raft.message.AppendEntries;
import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.message.HeartbeatResponse;
import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.InstallSnapshotResponse;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVote;
import io.raftkv.raft.message.RequestVoteResponse;
import io.raftkv.raft.message.TimeoutNow;
import io.raftkv.simulator.loop.TraceHash;

/**
 * A stable 64-bit digest of a message from its fields. Records' own hash codes will not do:
 * an enum's hash code is its identity, which differs from one JVM to the next.
 */
public final class MessageDigest {
    private MessageDigest() {}

    public static long of(Message m) {
        long h = TraceHash.combine(TraceHash.combine(kind(m), m.from()), TraceHash.combine(m.to(), m.term()));
        if (m instanceof AppendEntries a) {
            long last = a.entries().isEmpty() ? 0 : a.entries().get(a.entries().size() - 1).term();
            h = TraceHash.combine(h, TraceHash.combine(a.prevLogIndex(), a.prevLogTerm()));
            h = TraceHash.combine(h, TraceHash.combine(a.entries().size() * 31L + last, a.leaderCommit()));
        } else if (m instanceof AppendEntriesResponse r) {
            h = TraceHash.combine(h, TraceHash.combine(r.success() ? r.matchIndex() : -1 - r.conflictIndex(),
                    r.conflictTerm() * 31 + r.lastLogIndex()));
        } else if (m instanceof RequestVote v) {
            h = TraceHash.combine(h, TraceHash.combine(v.lastLogIndex(), v.lastLogTerm() * 4
                    + (v.preVote() ? 2 : 0) + (v.leadershipTransfer() ? 1 : 0)));
        } else if (m instanceof RequestVoteResponse v) {
            h = TraceHash.combine(h, (v.granted() ? 2 : 0) + (v.preVote() ? 1 : 0));
        } else if (m instanceof Heartbeat b) {
            h = TraceHash.combine(h, TraceHash.combine(b.commitIndex(), b.readContext()));
        } else if (m instanceof HeartbeatResponse b) {
            h = TraceHash.combine(h, b.readContext());
        } else if (m instanceof InstallSnapshot s) {
            h = TraceHash.combine(h, TraceHash.combine(s.snapshotIndex() * 31 + s.snapshotTerm(),
                    s.offset() * 2 + (s.done() ? 1 : 0)));
        } else if (m instanceof InstallSnapshotResponse r) {
            h = TraceHash.combine(h, TraceHash.combine(r.snapshotIndex(), r.nextOffset() * 2 + (r.success() ? 1 : 0)));
        }
        return h;
    }

    private static int kind(Message m) {
        if (m instanceof RequestVote) {
            return 1;
        } else if (m instanceof RequestVoteResponse) {
            return 2;
        } else if (m instanceof AppendEntries) {
            return 3;
        } else if (m instanceof AppendEntriesResponse) {
            return 4;
        } else if (m instanceof Heartbeat) {
            return 5;
        } else if (m instanceof HeartbeatResponse) {
            return 6;
        } else if (m instanceof TimeoutNow) {
            return 7;
        } else if (m instanceof InstallSnapshot) {
            return 8;
        } else if (m instanceof InstallSnapshotResponse) {
            return 9;
        }
        throw new IllegalArgumentException("unknown message type " + m.getClass().getName());
    }
}
