package io.raftkv.raft.server;

import io.raftkv.raft.Admission;
import io.raftkv.raft.read.ReadIndexQueue;

/**
 * ReadIndex on the leader (thesis §6.4). A read index is only safe once this leader committed
 * an entry of its own term (before that its commit index may lag the real one), so reads wait
 * for that; then a heartbeat round confirms that no newer leader exists.
 */
public final class LeaderReads {
    private final ServerState state;
    private final Replication replication;

    public LeaderReads(ServerState state, Replication replication) {
        this.state = state;
        this.replication = replication;
    }

    public Admission requestRead(long readId) {
        ReadIndexQueue reads = state.leadership().reads();
        if (reads.isFull()) {
            return new Admission.Rejected("too many pending reads: maxPendingReads is "
                    + state.config().maxPendingReads());
        }
        reads.enqueue(readId);
        // Reads that arrive while a round is in flight share the next round (started when this one
        // completes, or at the next heartbeat), so a burst of reads costs one round.
        if (!reads.hasRoundInFlight()) {
            startRoundIfReady();
        }
        return new Admission.Accepted(state.log().commitIndex(), state.term());
    }

    /** The commit index moved: waiting reads may now start a round. */
    public void onCommitted() {
        if (!state.leadership().reads().hasRoundInFlight()) {
            startRoundIfReady();
        }
    }

    /** Heartbeat time: starts a round for reads that are waiting, else re-asks for the newest round. */
    public void onHeartbeatDue() {
        if (!startRoundIfReady()) {
            replication.broadcastHeartbeat(state.leadership().reads().latestContext());
        }
    }

    public void onEcho(long peerId, long readContext) {
        ReadIndexQueue reads = state.leadership().reads();
        state.outbox().addReadStates(reads.onEcho(peerId, readContext));
        if (!reads.hasRoundInFlight()) {
            startRoundIfReady();
        }
    }

    private boolean startRoundIfReady() {
        ReadIndexQueue reads = state.leadership().reads();
        if (!reads.hasWaiting() || !committedInCurrentTerm()) {
            return false;
        }
        long context = reads.startRound(state.log().commitIndex());
        replication.broadcastHeartbeat(context);
        state.outbox().addReadStates(reads.releaseConfirmed());
        return true;
    }

    private boolean committedInCurrentTerm() {
        return state.log().term(state.log().commitIndex()) == state.term();
    }
}
