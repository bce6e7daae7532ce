package io.raftkv.raft.server;

import io.raftkv.raft.HardState;
import io.raftkv.raft.Role;
import io.raftkv.raft.SoftState;
import io.raftkv.raft.election.Votes;
import io.raftkv.raft.message.RequestVote;
import io.raftkv.raft.message.RequestVoteResponse;
import io.raftkv.raft.quorum.VoteResult;

/** Leader election (Raft §5.2) with pre-vote (thesis §9.6), from the side of candidates and voters. */
public final class Election {
    private final ServerState state;
    private final LeaderRole leaderRole;
    /** The answers of the current campaign; meaningful only while (pre-)candidate. */
    private Votes votes;

    public Election(ServerState state, LeaderRole leaderRole) {
        this.state = state;
        this.leaderRole = leaderRole;
    }

    /** A follower or (pre-)candidate whose randomized election timeout passes campaigns. */
    public void tick() {
        state.electionTimer().tick();
        if (state.electionTimer().expired()) {
            campaign(state.config().preVote(), false);
        }
    }

    /**
     * Starts a campaign. A pre-vote asks for the term this node would use (term + 1) without
     * moving to it; a real one increments the term and votes for itself. Vote requests go out
     * only after the new term and self-vote are durable (the Outbox routes them after persist).
     */
    public void campaign(boolean preVote, boolean leadershipTransfer) {
        if (preVote) {
            state.becomePreCandidate();
        } else {
            state.becomeCandidate();
        }
        votes = new Votes(state.config().members().size());
        votes.record(state.selfId(), true);
        if (tally()) {
            return;
        }
        long campaignTerm = preVote ? state.term() + 1 : state.term();
        for (long peerId : state.peerIds()) {
            state.outbox().send(new RequestVote(state.selfId(), peerId, campaignTerm, state.log().lastIndex(),
                    state.log().lastTerm(), preVote, leadershipTransfer));
        }
    }

    /**
     * A voter grants if it has not voted for another in this term and has seen no leader in it
     * (or, for a pre-vote, the request is for a later term), and the candidate's log is at least
     * as up to date as its own (Raft §5.4.1). A pre-vote changes nothing here.
     */
    public void onRequestVote(RequestVote request) {
        boolean canVote = state.votedFor() == request.from()
                || (state.votedFor() == HardState.NO_VOTE && state.leaderId() == SoftState.NO_LEADER)
                || (request.preVote() && request.term() > state.term());
        boolean granted = canVote && state.log().isUpToDate(request.lastLogIndex(), request.lastLogTerm());
        if (granted && !request.preVote()) {
            state.voteFor(request.from());
        }
        // A granted pre-vote answers in the requested term, so the pre-candidate can count it;
        // any refusal carries this node's term, so a pre-candidate behind it learns the term.
        long answerTerm = granted && request.preVote() ? request.term() : state.term();
        state.outbox().send(new RequestVoteResponse(state.selfId(), request.from(), answerTerm, granted,
                request.preVote()));
    }

    public void onVoteResponse(RequestVoteResponse response) {
        boolean expected = (state.role() == Role.PRE_CANDIDATE && response.preVote())
                || (state.role() == Role.CANDIDATE && !response.preVote());
        if (!expected) {
            return;
        }
        votes.record(response.from(), response.granted());
        tally();
    }

    /** Acts on the result so far; returns whether the campaign ended. */
    private boolean tally() {
        VoteResult result = votes.result();
        if (result == VoteResult.WON) {
            if (state.role() == Role.PRE_CANDIDATE) {
                campaign(false, false);
            } else {
                leaderRole.becomeLeader();
            }
            return true;
        }
        if (result == VoteResult.LOST) {
            state.becomeFollower(state.term(), SoftState.NO_LEADER);
            return true;
        }
        return false;
    }
}
