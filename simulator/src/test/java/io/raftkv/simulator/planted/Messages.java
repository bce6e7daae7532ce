package io.raftkv.simulator.planted;

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

/** Rebuilds a message with another sender or receiver, for the transports that get it wrong. */
final class Messages {
    private Messages() {}

    /** The same message, addressed to {@code to}. */
    static Message withTo(Message m, long to) {
        if (m instanceof AppendEntries a) {
            return new AppendEntries(a.from(), to, a.term(), a.prevLogIndex(), a.prevLogTerm(), a.entries(), a.leaderCommit());
        } else if (m instanceof AppendEntriesResponse r) {
            return new AppendEntriesResponse(r.from(), to, r.term(), r.success(), r.matchIndex(), r.conflictTerm(),
                    r.conflictIndex(), r.lastLogIndex());
        } else if (m instanceof RequestVote v) {
            return new RequestVote(v.from(), to, v.term(), v.lastLogIndex(), v.lastLogTerm(), v.preVote(),
                    v.leadershipTransfer());
        } else if (m instanceof RequestVoteResponse v) {
            return new RequestVoteResponse(v.from(), to, v.term(), v.granted(), v.preVote());
        } else if (m instanceof Heartbeat h) {
            return new Heartbeat(h.from(), to, h.term(), h.commitIndex(), h.readContext());
        } else if (m instanceof HeartbeatResponse h) {
            return new HeartbeatResponse(h.from(), to, h.term(), h.readContext());
        } else if (m instanceof TimeoutNow t) {
            return new TimeoutNow(t.from(), to, t.term());
        } else if (m instanceof InstallSnapshot s) {
            return new InstallSnapshot(s.from(), to, s.term(), s.snapshotIndex(), s.snapshotTerm(), s.offset(),
                    s.data(), s.done(), s.checksum());
        } else if (m instanceof InstallSnapshotResponse r) {
            return new InstallSnapshotResponse(r.from(), to, r.term(), r.snapshotIndex(), r.nextOffset(), r.success());
        }
        throw new IllegalArgumentException("unknown message " + m);
    }

    static Message withFrom(Message m, long from) {
        if (m instanceof AppendEntries a) {
            return new AppendEntries(from, a.to(), a.term(), a.prevLogIndex(), a.prevLogTerm(), a.entries(), a.leaderCommit());
        } else if (m instanceof AppendEntriesResponse r) {
            return new AppendEntriesResponse(from, r.to(), r.term(), r.success(), r.matchIndex(), r.conflictTerm(),
                    r.conflictIndex(), r.lastLogIndex());
        } else if (m instanceof RequestVote v) {
            return new RequestVote(from, v.to(), v.term(), v.lastLogIndex(), v.lastLogTerm(), v.preVote(),
                    v.leadershipTransfer());
        } else if (m instanceof RequestVoteResponse v) {
            return new RequestVoteResponse(from, v.to(), v.term(), v.granted(), v.preVote());
        } else if (m instanceof Heartbeat h) {
            return new Heartbeat(from, h.to(), h.term(), h.commitIndex(), h.readContext());
        } else if (m instanceof HeartbeatResponse h) {
            return new HeartbeatResponse(from, h.to(), h.term(), h.readContext());
        } else if (m instanceof TimeoutNow t) {
            return new TimeoutNow(from, t.to(), t.term());
        } else if (m instanceof InstallSnapshot s) {
            return new InstallSnapshot(from, s.to(), s.term(), s.snapshotIndex(), s.snapshotTerm(), s.offset(),
                    s.data(), s.done(), s.checksum());
        } else if (m instanceof InstallSnapshotResponse r) {
            return new InstallSnapshotResponse(from, r.to(), r.term(), r.snapshotIndex(), r.nextOffset(), r.success());
        }
        throw new IllegalArgumentException("unknown message " + m);
    }
}
