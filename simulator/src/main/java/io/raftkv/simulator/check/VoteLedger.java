package io.raftkv.simulator.check;

import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVote;
import io.raftkv.raft.message.RequestVoteResponse;
import io.raftkv.simulator.net.SendListener;
import java.util.HashMap;
import java.util.Map;

/**
 * Each server votes for at most one candidate in a given term (Raft §5.2), across all its
 * incarnations: a restart must not give it a second vote. Checked on every granted vote that
 * leaves a node, so a double vote is caught even when the second candidate does not win. A
 * candidate's own vote counts: asking for votes in a term means it voted for itself there.
 */
public final class VoteLedger implements SendListener {
    private final Violations violations;
    /** (voter, term) -> candidate; looked up, never iterated. */
    private final Map<VoterTerm, Long> votes = new HashMap<>();

    private record VoterTerm(long voter, long term) {}

    public VoteLedger(Violations violations) {
        this.violations = violations;
    }

    @Override
    public void onSend(long senderId, Message message) {
        if (message instanceof RequestVoteResponse vote && vote.granted() && !vote.preVote()) {
            record(senderId, vote.term(), vote.to());
        } else if (message instanceof RequestVote request && !request.preVote()) {
            record(senderId, request.term(), senderId);
        }
    }

    private void record(long voter, long term, long candidate) {
        Long earlier = votes.putIfAbsent(new VoterTerm(voter, term), candidate);
        if (earlier != null && earlier != candidate) {
            violations.report(voter, Invariant.ELECTION_SAFETY, "voted for " + candidate + " in term "
                    + term + " after voting for " + earlier + " in that term");
        }
    }
}
