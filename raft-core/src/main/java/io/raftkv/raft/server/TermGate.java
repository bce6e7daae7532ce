package io.raftkv.raft.server;

import io.raftkv.raft.SoftState;
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

/**
 * The rules every message passes before its handler (Raft §5.1): a higher term is adopted
 * first, a lower one is answered with the current term so the sender steps down, or dropped.
 * After {@link #admit} returns true the message's term is this node's term, except for
 * pre-votes and granted pre-vote answers, which carry a future term and change nothing.
 */
public final class TermGate {
    private final ServerState state;

    public TermGate(ServerState state) {
        this.state = state;
    }

    /** Returns whether the message should go on to its handler. */
    public boolean admit(Message message) {
        if (message.to() != state.selfId() || message.from() == state.selfId() || !state.isMember(message.from())) {
            return false;
        }
        if (message.term() > state.term()) {
            return onHigherTerm(message);
        }
        if (message.term() < state.term()) {
            answerStale(message);
            return false;
        }
        return true;
    }

    private boolean onHigherTerm(Message message) {
        if (message instanceof RequestVote request) {
            // Leader stickiness: while a live leader is known, a vote request (unless the leader
            // itself asked for it via TimeoutNow) is dropped without adopting its term.
            if (!request.leadershipTransfer() && state.inLease()) {
                return false;
            }
            if (!request.preVote()) {
                state.becomeFollower(message.term(), SoftState.NO_LEADER);
            }
            return true;
        }
        if (message instanceof RequestVoteResponse response && response.preVote() && response.granted()) {
            return true;
        }
        boolean fromLeader = message instanceof AppendEntries || message instanceof Heartbeat
                || message instanceof TimeoutNow || message instanceof InstallSnapshot;
        state.becomeFollower(message.term(), fromLeader ? message.from() : SoftState.NO_LEADER);
        return fromLeader;
    }

    /**
     * A stale leader learns the current term from the answer to its append, heartbeat or snapshot chunk, and a
     * stale (pre-)candidate from its refused vote; other stale messages are dropped.
     */
    private void answerStale(Message message) {
        long self = state.selfId();
        if (message instanceof AppendEntries) {
            state.outbox().send(AppendEntriesResponse.rejected(self, message.from(), state.term(), 0,
                    state.log().lastIndex() + 1, state.log().lastIndex()));
        } else if (message instanceof Heartbeat) {
            state.outbox().send(new HeartbeatResponse(self, message.from(), state.term(), 0));
        } else if (message instanceof InstallSnapshot chunk) {
            // Refused: a snapshot from a deposed leader is never written; it learns the term.
            state.outbox().send(new InstallSnapshotResponse(self, message.from(), state.term(), chunk.snapshotIndex(),
                    0, false));
        } else if (message instanceof RequestVote request) {
            state.outbox().send(new RequestVoteResponse(self, message.from(), state.term(), false, request.preVote()));
        }
    }
}
