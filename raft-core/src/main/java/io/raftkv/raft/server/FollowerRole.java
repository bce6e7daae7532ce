package io.raftkv.raft.server;

import io.raftkv.raft.Entry;
import io.raftkv.raft.Role;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.log.RaftLog;
import io.raftkv.raft.message.AppendEntries;
import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.message.HeartbeatResponse;
import io.raftkv.raft.message.InstallSnapshot;
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

    /**
     * A chunk of the leader's snapshot (Raft §7). It counts as hearing from the leader (the
     * election timer restarts), so a long transfer never makes this follower campaign. A snapshot
     * this node already holds (its commit index reached it) needs no transfer: the answer says so
     * at once. Otherwise the chunk goes to the driver, which writes it and, after the last one,
     * calls {@code installSnapshot}.
     */
    public void onInstallSnapshot(InstallSnapshot chunk) {
        state.heardFromLeader(chunk.from());
        RaftLog log = state.log();
        if (chunk.snapshotIndex() <= log.commitIndex()) {
            // Everything up to the commit index is committed, hence the leader's; it leaves only
            // once every entry handed over so far is durable.
            state.outbox().send(AppendEntriesResponse.accepted(state.selfId(), chunk.from(), state.term(),
                    log.commitIndex()));
            return;
        }
        state.outbox().acceptSnapshotChunk(chunk);
    }

    /**
     * The driver saved, verified and durably stored the leader's snapshot: the log now follows
     * it (keeping entries after it if this log holds its last entry). The acknowledgement of its
     * index leaves only once the log storage recorded this (it waits for the next write). A
     * snapshot this node's commit index already reached is not installed.
     */
    public boolean installSnapshot(long leaderId, SnapshotMeta snapshot) {
        RaftLog log = state.log();
        if (state.role() == Role.LEADER || snapshot.index() <= log.commitIndex()) {
            return false;
        }
        log.restoreSnapshot(snapshot);
        state.installedSnapshot(snapshot);
        state.outbox().send(AppendEntriesResponse.accepted(state.selfId(), leaderId, state.term(), snapshot.index()));
        return true;
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
