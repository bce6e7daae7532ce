package io.raftkv.raft.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** The clever majority functions against deliberately dumb ones. */
class MajorityProperties {

    /** Dumb model: the largest candidate index that at least a majority has reached. */
    private static long countingCommittedIndex(List<Long> matches) {
        long best = 0;
        for (long candidate : matches) {
            long reached = matches.stream().filter(match -> match >= candidate).count();
            if (reached > matches.size() / 2 && candidate > best) {
                best = candidate;
            }
        }
        return best;
    }

    @Property
    void committedIndexIsTheHighestIndexAMajorityReached(
            @ForAll @Size(min = 1, max = 9) List<@LongRange(min = 0, max = 20) Long> matches) {
        long[] array = matches.stream().mapToLong(Long::longValue).toArray();
        assertEquals(countingCommittedIndex(matches), Majority.committedIndex(array));
    }

    @Property
    void voteResultAgreesWithCounting(@ForAll @IntRange(min = 1, max = 9) int voters,
                                      @ForAll @IntRange(min = 0, max = 9) int granted,
                                      @ForAll @IntRange(min = 0, max = 9) int rejected) {
        if (granted + rejected > voters) {
            return;
        }
        VoteResult expected;
        if (2 * granted > voters) {
            expected = VoteResult.WON;
        } else if (2 * (voters - rejected) <= voters) {
            expected = VoteResult.LOST;
        } else {
            expected = VoteResult.PENDING;
        }
        assertEquals(expected, Majority.voteResult(voters, granted, rejected));
    }
}
