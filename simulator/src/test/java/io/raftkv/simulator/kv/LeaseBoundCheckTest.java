package io.raftkv.simulator.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftkv.simulator.check.Invariant;
import io.raftkv.simulator.check.Violation;
import io.raftkv.simulator.check.Violations;
import io.raftkv.simulator.loop.EventLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseBoundCheckTest {
    /** 10% drift at most: a 2 s TTL may end 1,818,181 us after the renewal arrived. */
    private final LeaseBoundCheck check = new LeaseBoundCheck(100_000);
    private final Violations violations = new Violations(new EventLoop());

    private List<Invariant> found() {
        check.check(violations);
        return violations.kept().stream().map(Violation::invariant).toList();
    }

    @Test
    void theShortestTtlIsTheTtlOnTheFastestClockRoundedDown() {
        assertEquals(1_818_181, check.shortestTtlMicros(2));
    }

    @Test
    void anExpiryAtTheBoundIsAllowedAndOneBeforeItIsNot() {
        check.onAcknowledged(1, 7, 2, 1_000_000);
        check.onExpiryApplied(7, 1, 2_818_181, 2_900_000);
        assertEquals(List.of(), found());
        check.onExpiryApplied(7, 2, 2_818_180, 2_900_000);
        assertEquals(List.of(Invariant.LEASE_BOUND), found());
    }

    @Test
    void theNewestAcknowledgedRenewalCountsWhicheverNodeAcknowledgedItAndInWhateverOrder() {
        check.onAcknowledged(2, 7, 2, 3_000_000);
        check.onAcknowledged(1, 7, 2, 1_000_000);
        check.onExpiryApplied(7, 3, 4_000_000, 4_100_000);
        assertEquals(List.of(Invariant.LEASE_BOUND), found());
    }

    @Test
    void renewalsThatArrivedAfterTheExpiryAppliedAndLeasesNeverAcknowledgedAreNotHeldAgainstIt() {
        check.onAcknowledged(1, 7, 2, 1_000_000);
        check.onAcknowledged(1, 7, 2, 5_000_000);
        check.onExpiryApplied(7, 1, 3_000_000, 3_100_000);
        check.onExpiryApplied(8, 1, 10, 20);
        assertEquals(List.of(), found());
        assertEquals(2, check.expiriesApplied());
    }
}
