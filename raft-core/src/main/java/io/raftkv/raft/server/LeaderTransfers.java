package io.raftkv.raft.server;

import io.raftkv.raft.Admission;
import io.raftkv.raft.message.TimeoutNow;
import io.raftkv.raft.progress.Progress;
import io.raftkv.raft.transfer.LeadershipTransfer;

/** Leadership transfer on the leader (thesis §3.10). */
public final class LeaderTransfers {
    private final ServerState state;
    private final Replication replication;

    public LeaderTransfers(ServerState state, Replication replication) {
        this.state = state;
        this.replication = replication;
    }

    public Admission transferLeadership(long targetId) {
        Leadership leadership = state.leadership();
        if (!state.isMember(targetId)) {
            return new Admission.Rejected("node " + targetId + " is not a member of " + state.config().members());
        }
        if (targetId == state.selfId()) {
            return new Admission.Rejected("node " + targetId + " is already the leader");
        }
        LeadershipTransfer current = leadership.transfer();
        if (current != null && current.targetId() != targetId) {
            return new Admission.Rejected(inProgressReason(current));
        }
        if (current == null) {
            leadership.transfer(new LeadershipTransfer(targetId, state.config().electionTimeoutTicks()));
        }
        if (!sendTimeoutNowIfCaughtUp(targetId)) {
            replication.sendAppend(targetId, true);
        }
        return new Admission.Accepted(state.log().commitIndex(), state.term());
    }

    /** The target's log moved: if it now holds the whole log, tell it to campaign at once. */
    public boolean sendTimeoutNowIfCaughtUp(long peerId) {
        LeadershipTransfer transfer = state.leadership().transfer();
        if (transfer == null || transfer.targetId() != peerId) {
            return false;
        }
        Progress progress = state.leadership().tracker().progress(peerId);
        if (progress.matchIndex() != state.log().lastIndex()) {
            return false;
        }
        state.outbox().send(new TimeoutNow(state.selfId(), peerId, state.term()));
        return true;
    }

    /** Abandons a transfer that did not complete within an election timeout. */
    public void tick() {
        Leadership leadership = state.leadership();
        if (leadership.transfer() != null && leadership.transfer().tickExpired()) {
            leadership.transfer(null);
        }
    }

    public static String inProgressReason(LeadershipTransfer transfer) {
        return "leadership transfer to node " + transfer.targetId() + " in progress";
    }
}
