package io.raftkv.kv.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.kv.KvException;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.LeaseGrantRequest;
import io.raftkv.kv.proto.LeaseKeepAliveRequest;
import io.raftkv.kv.proto.LeaseRevokeRequest;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionTest {
    private final RecipeFixture fixture = new RecipeFixture();

    /** The virtual time at which the session ended, or -1 while it lives. */
    private AtomicLong endedAt(Session session) {
        AtomicLong at = new AtomicLong(-1);
        session.done().thenRun(() -> at.set(fixture.scheduler.nowMillis()));
        return at;
    }

    @Test
    void keepAlivesEveryThirdOfTheTtlKeepTheLeasePastManyTtls() {
        Session session = fixture.session(3);

        fixture.advance(30_000);

        assertTrue(session.isLive(), "ten TTLs later the session still lives");
        assertTrue(fixture.service.machine().leases().exists(session.leaseId()), "and so does its lease");
        assertEquals(30, fixture.service.count(LeaseKeepAliveRequest.class), "one keep-alive a second for a 3 s TTL");
    }

    @Test
    void aSessionHasEtcdsDefaultTtlOfSixtySeconds() {
        Session session = fixture.now(Session.open(fixture.client));

        assertEquals(60, session.ttlSeconds());
        assertEquals(60, fixture.service.machine().leases().get(session.leaseId()).ttlSeconds());
    }

    @Test
    void aTtlBelowTheClustersMinimumIsRaisedAndTheSessionKeepsTheGrantedOneAlive() {
        RecipeFixture strict = new RecipeFixture(6);
        Session session = strict.session(1);

        assertEquals(6, session.ttlSeconds());
        strict.advance(5_999);
        assertEquals(2, strict.service.count(LeaseKeepAliveRequest.class), "every 2 s, a third of the granted 6 s");
        assertTrue(session.isLive());
    }

    @Test
    void whenKeepAlivesStopTheSessionEndsOneTtlAfterTheLastAcknowledgedSend() {
        Session session = fixture.session(3);
        AtomicLong endedAt = endedAt(session);
        fixture.advance(2_500); // keep-alives sent and acknowledged at 1000 and 2000

        fixture.cutKeepAlives(session);
        fixture.advance(2_499);
        assertTrue(session.isLive(), "at 4999 ms the TTL since the send at 2000 has not run out");

        fixture.advance(1);
        assertEquals(Session.End.KEEP_ALIVE_TIMEOUT, fixture.now(session.done()));
        assertEquals(5_000, endedAt.get());
    }

    @Test
    void byDefaultASessionAllowsForClockDriftAndGivesUpThatMuchEarlier() {
        Session session = fixture.now(Session.open(fixture.client, 3));
        AtomicLong endedAt = endedAt(session);
        fixture.cutKeepAlives(session);

        fixture.advance(2_969);
        assertTrue(session.isLive(), "3 s / (1 + 1%) is 2970 ms after the grant was sent");
        fixture.advance(1);
        assertFalse(session.isLive());
        assertEquals(Session.End.KEEP_ALIVE_TIMEOUT, fixture.now(session.done()));
        assertEquals(2_970, endedAt.get());
    }

    @Test
    void aSessionPastItsDeadlineIsNotLiveEvenBeforeItsDeadlineTimerRan() {
        // A process that wakes from a pause runs its own tasks before the session's late timer:
        // this probe is due at the deadline too, and was scheduled first, so it runs first.
        AtomicReference<Session> opened = new AtomicReference<>();
        AtomicLong probedAt = new AtomicLong(-1);
        AtomicBoolean liveThen = new AtomicBoolean(true);
        fixture.scheduler.schedule(3_000, () -> {
            probedAt.set(fixture.scheduler.nowMillis());
            liveThen.set(opened.get().isLive());
        });
        Session session = fixture.session(3);
        fixture.cutKeepAlives(session);
        opened.set(session);

        fixture.advance(3_000);

        assertEquals(3_000, probedAt.get());
        assertFalse(liveThen.get(), "a TTL after the grant was sent, with no keep-alive acknowledged, the session is lost");
        assertEquals(Session.End.KEEP_ALIVE_TIMEOUT, fixture.now(session.done()));
    }

    @Test
    void theDeadlineCountsFromWhenTheKeepAliveWasSentNotWhenItsAnswerCame() {
        Session session = fixture.session(3);
        AtomicLong endedAt = endedAt(session);
        fixture.service.answerLate(request -> request instanceof LeaseKeepAliveRequest, 900);
        fixture.advance(2_500); // sent at 1000 (answered at 1900) and 2000 (answered at 2900)

        fixture.cutKeepAlives(session);
        fixture.advance(5_000);

        assertEquals(Session.End.KEEP_ALIVE_TIMEOUT, fixture.now(session.done()));
        assertEquals(5_000, endedAt.get(), "2000 (sent) + 3000, not 2900 (answered) + 3000");
    }

    @Test
    void aRevokedLeaseEndsTheSessionAtTheNextKeepAlive() {
        Session session = fixture.session(3);
        AtomicLong endedAt = endedAt(session);
        fixture.advance(500);

        fixture.now(fixture.client.leases().revoke(session.leaseId()));
        fixture.advance(600);

        assertEquals(Session.End.LEASE_GONE, fixture.now(session.done()));
        assertEquals(1_000, endedAt.get(), "the keep-alive at 1000 ms answers TTL 0");
    }

    @Test
    void aLostSessionNeverComesBackAndSendsNoMoreKeepAlives() {
        Session session = fixture.session(3);
        fixture.cutKeepAlives(session);
        fixture.advance(3_000);
        assertEquals(Session.End.KEEP_ALIVE_TIMEOUT, fixture.now(session.done()));
        long sent = fixture.service.count(LeaseKeepAliveRequest.class);

        fixture.service.heal();
        fixture.advance(10_000);

        assertFalse(session.isLive());
        assertEquals(sent, fixture.service.count(LeaseKeepAliveRequest.class));
        assertFalse(fixture.service.machine().leases().exists(session.leaseId()), "and its lease is gone");
    }

    @Test
    void aSessionThatGivesUpRevokesItsLeaseIfTheClusterStillHasIt() {
        // Keep-alives reach the cluster but their answers are lost: the cluster renews, the client gives up.
        Session session = fixture.session(3);
        fixture.service.applyThenLoseAnswer(request -> request instanceof LeaseKeepAliveRequest);

        fixture.advance(3_000);

        assertEquals(Session.End.KEEP_ALIVE_TIMEOUT, fixture.now(session.done()));
        assertFalse(fixture.service.machine().leases().exists(session.leaseId()),
                "the lease is revoked rather than left to hold keys until the cluster expires it");
    }

    @Test
    void closeStopsKeepAlivesRevokesTheLeaseAndMayBeRepeated() {
        Session session = fixture.session(3);

        fixture.now(session.close());
        fixture.now(session.close());
        long sent = fixture.service.count(LeaseKeepAliveRequest.class);
        fixture.advance(10_000);

        assertEquals(Session.End.CLOSED, fixture.now(session.done()));
        assertFalse(fixture.service.machine().leases().exists(session.leaseId()));
        assertEquals(sent, fixture.service.count(LeaseKeepAliveRequest.class));
        assertEquals(2, fixture.service.count(LeaseRevokeRequest.class));
    }

    @Test
    void aFailedGrantFailsTheOpenAsTheServiceFailedIt() {
        fixture.service.refuse(request -> request instanceof LeaseGrantRequest,
                () -> new KvException(KvError.Code.TOO_MANY_LEASES, "injected: no more leases"));

        KvException refused = fixture.failure(KvException.class, Session.open(fixture.client, 3));

        assertEquals(KvError.Code.TOO_MANY_LEASES, refused.code());
    }
}
