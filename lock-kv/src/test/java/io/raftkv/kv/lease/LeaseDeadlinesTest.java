package io.raftkv.kv.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseDeadlinesTest {
    private final LeaseDeadlines deadlines = new LeaseDeadlines(1_000);

    @Test
    void aLeaseExpiresAFullTtlAfterItStarted() {
        deadlines.advance(500);
        deadlines.start(7, 2);
        deadlines.advance(1_999);
        assertEquals(List.of(), deadlines.takeExpired());
        assertEquals(1, deadlines.remainingMillis(7));
        deadlines.advance(1);
        assertEquals(List.of(7L), deadlines.takeExpired());
    }

    @Test
    void renewalRestartsTheTtlFromNow() {
        deadlines.start(7, 2);
        deadlines.advance(1_500);
        assertTrue(deadlines.renew(7));
        deadlines.advance(1_999);
        assertEquals(List.of(), deadlines.takeExpired());
        deadlines.advance(1);
        assertEquals(List.of(7L), deadlines.takeExpired());
    }

    @Test
    void aDeadlineSetBetweenStepsLiesAFullTtlAfterTheLatestMomentItCouldHaveBeenSet() {
        deadlines.setStepMillis(100);
        deadlines.advance(100);
        // Renewed somewhere in (100, 200) ms while the reading says 100: a full TTL from then ends by 2200.
        deadlines.start(7, 2);
        assertEquals(2_100, deadlines.remainingMillis(7));
        for (int step = 0; step < 20; step++) {
            deadlines.advance(100);
            assertEquals(List.of(), deadlines.takeExpired(), "expired at reading " + deadlines.nowMillis());
        }
        deadlines.advance(100);
        assertEquals(List.of(7L), deadlines.takeExpired());
    }

    @Test
    void aLeasePastItsDeadlineCannotBeRenewed() {
        deadlines.start(7, 1);
        deadlines.advance(1_000);
        assertFalse(deadlines.renew(7), "its expiry may already be in the log");
        assertEquals(List.of(7L), deadlines.takeExpired());
        assertFalse(deadlines.renew(7));
        deadlines.restartAll();
        assertTrue(deadlines.renew(7), "a new leader's restarted deadline lies ahead again");
    }

    @Test
    void anExpiryIsProposedOnceUntilTheRetryPeriodPasses() {
        deadlines.start(7, 1);
        deadlines.advance(1_000);
        assertEquals(List.of(7L), deadlines.takeExpired());
        deadlines.advance(999);
        assertEquals(List.of(), deadlines.takeExpired(), "still waiting for the proposed expiry to apply");
        deadlines.advance(1);
        assertEquals(List.of(7L), deadlines.takeExpired(), "proposed again after the retry period");
    }

    @Test
    void aNewLeaderRestartsEveryDeadlineFromNow() {
        deadlines.start(1, 1);
        deadlines.start(2, 3);
        deadlines.advance(5_000);
        deadlines.restartAll();
        assertEquals(1_000, deadlines.remainingMillis(1));
        assertEquals(3_000, deadlines.remainingMillis(2));
        assertEquals(List.of(), deadlines.takeExpired());
    }

    @Test
    void unknownAndRemovedLeasesHaveNoDeadline() {
        assertFalse(deadlines.renew(9));
        assertEquals(-1, deadlines.remainingMillis(9));
        deadlines.start(9, 1);
        deadlines.remove(9);
        deadlines.advance(10_000);
        assertEquals(List.of(), deadlines.takeExpired());
    }

    @Test
    void theLeaseClockNeverMovesBack() {
        assertThrows(IllegalArgumentException.class, () -> deadlines.advance(-1));
        assertThrows(IllegalArgumentException.class, () -> new LeaseDeadlines(0));
        assertThrows(IllegalArgumentException.class, () -> deadlines.setStepMillis(-1));
    }
}
