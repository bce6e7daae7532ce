package io.raftkv.raft.server;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Admission;
import io.raftkv.raft.Entry;
import io.raftkv.raft.SoftState;
import io.raftkv.raft.log.RaftLog;
import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.message.HeartbeatResponse;
import io.raftkv.raft.progress.Progress;
import io.raftkv.raft.progress.ProgressState;

/** What a leader does: appends proposals, replicates, commits, serves reads and transfers. */
public final class LeaderRole {
    private final ServerState state;
    private final Replication replication;
    private final LeaderReads reads;
    private final LeaderTransfers transfers;

    public LeaderRole(ServerState state) {
        this.state = state;
        this.replication = new Replication(state);
        this.reads = new LeaderReads(state, replication);
        this.transfers = new LeaderTransfers(state, replication);
    }

    public LeaderReads reads() { return reads; }
    public LeaderTransfers transfers() { return transfers; }

    /**
     * Raft §5.4.2 and §8: a new leader appends a NOOP of its term, so that it can commit (and
     * learn the commit index of) the entries of earlier terms.
     */
    public void becomeLeader() {
        RaftLog log = state.log();
        Leadership leadership = new Leadership(state.config(), log.lastIndex() + 1);
        state.becomeLeader(leadership);
        Entry noop = Entry.noop(log.lastIndex() + 1, state.term());
        log.append(noop);
        leadership.addUncommitted(noop.sizeBytes());
        replication.broadcastAppend(true);
    }

    public void tick() {
        state.electionTimer().tick();
        transfers.tick();
        if (!state.electionTimer().withinBaseTimeout()) {
            state.electionTimer().reset();
            if (state.config().checkQuorum() && !state.leadership().tracker().quorumActive()) {
                // CheckQuorum (thesis §6.2): a leader cut off from a majority stops serving.
                state.becomeFollower(state.term(), SoftState.NO_LEADER);
                return;
            }
            state.leadership().tracker().resetRecentActive();
        }
        if (state.leadership().heartbeatDue(state.config().heartbeatIntervalTicks())) {
            reads.onHeartbeatDue();
        }
    }

    public Admission propose(ByteString command) {
        Leadership leadership = state.leadership();
        if (leadership.transfer() != null) {
            return new Admission.Rejected(LeaderTransfers.inProgressReason(leadership.transfer()));
        }
        RaftLog log = state.log();
        Entry entry = Entry.normal(log.lastIndex() + 1, state.term(), command);
        long limitBytes = state.config().maxUncommittedBytes();
        // At least one entry is always admitted, so a single large command cannot wedge the leader.
        if (leadership.uncommittedBytes() > 0 && leadership.uncommittedBytes() + entry.sizeBytes() > limitBytes) {
            return new Admission.Rejected("uncommitted entries exceed maxUncommittedBytes (" + limitBytes
                    + " bytes; " + leadership.uncommittedBytes() + " uncommitted, command needs "
                    + entry.sizeBytes() + ")");
        }
        log.append(entry);
        leadership.addUncommitted(entry.sizeBytes());
        replication.broadcastAppend(false);
        return new Admission.Accepted(entry.index(), entry.term());
    }

    public void onAppendResponse(AppendEntriesResponse response) {
        if (replication.onAppendResponse(response)) {
            reads.onCommitted();
        }
        transfers.sendTimeoutNowIfCaughtUp(response.from());
    }

    public void onHeartbeatResponse(HeartbeatResponse response) {
        replication.onHeartbeatResponse(response);
        if (response.readContext() != 0) {
            reads.onEcho(response.from(), response.readContext());
        }
    }

    public void snapshotSendFailed(long peerId) {
        Progress progress = state.leadership().tracker().progress(peerId);
        if (progress.state() == ProgressState.SNAPSHOT) {
            progress.snapshotFailed();
        }
    }

    /** The leader's own write became durable: it now counts itself for those entries. */
    public void onPersisted() {
        if (replication.maybeCommit()) {
            replication.broadcastAppend(true);
            reads.onCommitted();
        }
    }
}
