package io.raftkv.raft.quorum;

import io.raftkv.raft.util.Check;
import java.util.Arrays;

/** Pure majority arithmetic over one voting configuration (Raft §5.2, §5.3). */
public final class Majority {
    private Majority() {}

    /** Votes (or acknowledgements) that make a majority of {@code voters} members. */
    public static int quorum(int voters) {
        Check.that(voters > 0, "a configuration needs at least one voter, had %d", voters);
        return voters / 2 + 1;
    }

    /**
     * The highest index that a majority has matched: the candidate commit index of Raft §5.3
     * (the caller still checks the term of that entry, §5.4.2). One match index per voter.
     */
    public static long committedIndex(long[] matchIndexes) {
        long[] sorted = matchIndexes.clone();
        Arrays.sort(sorted);
        // Ascending order: the entry at n - quorum is held by that voter and every voter after it.
        return sorted[sorted.length - quorum(sorted.length)];
    }

    /** The result of an election among {@code voters} members given the answers so far. */
    public static VoteResult voteResult(int voters, int granted, int rejected) {
        Check.that(granted >= 0 && rejected >= 0 && granted + rejected <= voters,
                "votes out of range: voters=%d granted=%d rejected=%d", voters, granted, rejected);
        int quorum = quorum(voters);
        if (granted >= quorum) {
            return VoteResult.WON;
        }
        if (voters - rejected < quorum) {
            return VoteResult.LOST;
        }
        return VoteResult.PENDING;
    }
}
