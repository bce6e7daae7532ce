package io.raftkv.raft.election;

import io.raftkv.raft.quorum.Majority;
import io.raftkv.raft.quorum.VoteResult;
import java.util.TreeMap;

/** The answers one (pre-)candidate got in one campaign; the first answer of each voter counts. */
public final class Votes {
    private final int voters;
    private final TreeMap<Long, Boolean> answers = new TreeMap<>();

    public Votes(int voters) {
        this.voters = voters;
    }

    public void record(long voterId, boolean granted) {
        answers.putIfAbsent(voterId, granted);
    }

    public VoteResult result() {
        int granted = 0;
        for (boolean answer : answers.values()) {
            if (answer) {
                granted++;
            }
        }
        return Majority.voteResult(voters, granted, answers.size() - granted);
    }
}
