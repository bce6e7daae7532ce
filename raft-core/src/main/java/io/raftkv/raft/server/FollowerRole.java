package io.raftkv.raft.server;

import io.raftkv.raft.Entry;
import io.raftkv.raft.Role;
import io.raftkv.raft.log.RaftLog;
import io.raftkv.raft.message.AppendEntries;
import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.message.HeartbeatResponse;
import io.raftkv.raft.message.TimeoutNow;
import io.raftkv.raft.util.Check;
import java.util.List;

/** A follower's side of replication (Raft §5.3) and of leadership transfer. */
public final class FollowerRole {
    private final ServerState state;
    private final Election election;

    public FollowerRole(ServerState state, Election election) {
        this.state = state;
        this.election = election;
    }

    /**
     * Raft §5.3: reply false if the log has no entry at prevLogIndex with prevLogTerm; else take
     * the entries (skipping those already held) and advance the commit index up to the last new
     * entry. The acknowledgement leaves only once the entries are durable.
     */
    public void onAppendEntries(AppendEntries append) {
        state.heardFromLeader(append.from());
        RaftLog log = state.log();
        if (append.prevLogIndex() < log.snapshot().index()) {
            append = trimmedToSnapshot(append);
            if (append == null) {
                // Everything it carries is inside the snapshot, which holds only committed (hence
                // matching) entries; the snapshot is durable, so acknowledging its index is true.
                state.outbox().send(AppendEntriesResponse.accepted(state.selfId(), state.leaderId(), state.term(),
                        log.snapshot().index()));
                return;
            }
        }
        if (!log.matches(append.prevLogIndex(), append.prevLogTerm())) {
            state.outbox().send(rejection(append));
            return;
        }
        log.appendFromLeader(append.prevLogIndex(), append.entries());
        log.commitTo(Math.min(append.leaderCommit(), append.lastIndex()));
        state.outbox().send(AppendEntriesResponse.accepted(state.selfId(), append.from(), state.term(),
                append.lastIndex()));
    }

    /**
     * An append that starts inside this node's snapshot (it was sent before the snapshot was
     * installed, or the leader's view of this node is stale): the entries the snapshot covers are
     * committed, so equal to the leader's, and only those after it count. Null when none remain.
     */
    private AppendEntries trimmedToSnapshot(AppendEntries append) {
        long snapshotIndex = state.log().snapshot().index();
        if (append.lastIndex() <= snapshotIndex) {
            return null;
        }
        int skip = (int) (snapshotIndex - append.prevLogIndex());
        List<Entry> after = append.entries().subList(skip, append.entries().size());
        return new AppendEntries(append.from(), append.to(), append.term(), snapshotIndex,
                state.log().snapshot().term(), after, append.leaderCommit());
    }

    /** The fast-backtracking hint: the conflicting term and its first index here, or the log's end. */
    private AppendEntriesResponse rejection(AppendEntries append) {
        RaftLog log = state.log();
        long conflictTerm = 0;
        long conflictIndex = log.lastIndex() + 1;
        if (append.prevLogIndex() <= log.lastIndex()) {
            Check.that(append.prevLogIndex() > log.commitIndex(),
                    "committed entry %d conflicts with the current leader's log", append.prevLogIndex());
            conflictTerm = log.term(append.prevLogIndex());
            conflictIndex = log.firstIndexOfTermAt(append.prevLogIndex());
        }
        return AppendEntriesResponse.rejected(state.selfId(), append.from(), state.term(), conflictTerm,
                conflictIndex, log.lastIndex());
    }

    /** The heartbeat's commit index is within what this follower acknowledged, so it holds those entries. */
    public void onHeartbeat(Heartbeat heartbeat) {
        state.heardFromLeader(heartbeat.from());
        state.log().commitTo(heartbeat.commitIndex());
        state.outbox().send(new HeartbeatResponse(state.selfId(), heartbeat.from(), state.term(),
                heartbeat.readContext()));
    }

    /** Thesis §3.10: the current leader hands over, so campaign at once, skipping pre-vote. */
    public void onTimeoutNow(TimeoutNow timeoutNow) {
        if (state.role() != Role.FOLLOWER || timeoutNow.from() != state.leaderId()) {
            return;
        }
        election.campaign(false, true);
    }
}
