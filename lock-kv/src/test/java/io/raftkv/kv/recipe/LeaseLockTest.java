package io.raftkv.kv.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.TxnRequest;
import io.raftkv.raft.runtime.IndeterminateStateException;
import org.junit.jupiter.api.Test;

class LeaseLockTest {
    private static final ByteString KEY = Bytes.of("/cron/lock/job9");

    private final RecipeFixture fixture = new RecipeFixture();

    private LockAttempt attempt(LeaseLock lock, String value) {
        return fixture.now(lock.tryAcquire(Bytes.of(value)));
    }

    @Test
    void aFreeKeyIsAcquiredWithItsCreateRevisionAsTokenAndAFewSecondsLease() {
        LeaseLock lock = new LeaseLock(fixture.client, KEY);

        LockAttempt.Acquired acquired = assertInstanceOf(LockAttempt.Acquired.class, attempt(lock, "worker-1"));

        KeyValue key = fixture.get(KEY).orElseThrow();
        assertEquals(key.getCreateRevision(), acquired.token().revision());
        assertEquals("worker-1", key.getValue().toStringUtf8());
        Session session = lock.session().orElseThrow();
        assertEquals(session.leaseId(), key.getLease());
        assertEquals(LeaseLock.DEFAULT_TTL_SECONDS, session.ttlSeconds());
    }

    @Test
    void aHeldKeyIsBusyWithTheHoldersValueAndTokenAndTheAttemptLeavesNoLease() {
        LeaseLock holder = new LeaseLock(fixture.client, KEY);
        LeaseLock other = new LeaseLock(fixture.client, KEY);
        LockAttempt.Acquired held = assertInstanceOf(LockAttempt.Acquired.class, attempt(holder, "worker-1"));

        LockAttempt.Busy busy = assertInstanceOf(LockAttempt.Busy.class, attempt(other, "worker-2"));

        assertEquals("worker-1", busy.holderValue().toStringUtf8());
        assertEquals(held.token(), busy.holderToken());
        fixture.scheduler.runDue();
        assertEquals(1, fixture.service.machine().leases().size(), "the busy attempt's lease is revoked");
        assertTrue(other.session().isEmpty());
    }

    @Test
    void theHoldLastsWhileItsSessionLivesAndReleaseRevokesIt() {
        LeaseLock holder = new LeaseLock(fixture.client, KEY);
        LeaseLock other = new LeaseLock(fixture.client, KEY);
        LockAttempt.Acquired first = assertInstanceOf(LockAttempt.Acquired.class, attempt(holder, "worker-1"));
        fixture.advance(20_000);
        assertTrue(fixture.get(KEY).isPresent(), "four TTLs later the key is still held");

        fixture.now(holder.release());

        assertFalse(fixture.get(KEY).isPresent());
        assertEquals(0, fixture.service.machine().leases().size());
        LockAttempt.Acquired second = assertInstanceOf(LockAttempt.Acquired.class, attempt(other, "worker-2"));
        assertTrue(first.token().isOlderThan(second.token()));
    }

    @Test
    void afterTheHoldersLeaseExpiresTheNextAttemptAcquiresWithALargerToken() {
        LeaseLock holder = new LeaseLock(fixture.client, KEY);
        LeaseLock other = new LeaseLock(fixture.client, KEY);
        LockAttempt.Acquired first = assertInstanceOf(LockAttempt.Acquired.class, attempt(holder, "worker-1"));
        Session holding = holder.session().orElseThrow();

        fixture.cutKeepAlives(holding);
        fixture.advance(LeaseLock.DEFAULT_TTL_SECONDS * 1000);

        assertEquals(Session.End.KEEP_ALIVE_TIMEOUT, fixture.now(holding.done()));
        assertFalse(fixture.get(KEY).isPresent(), "the key went with the lease");
        LockAttempt.Acquired second = assertInstanceOf(LockAttempt.Acquired.class, attempt(other, "worker-2"));
        assertTrue(first.token().isOlderThan(second.token()));
        LockAttempt.Busy busy = assertInstanceOf(LockAttempt.Busy.class, attempt(holder, "worker-1"),
                "a lock whose session ended may try again, and finds the other holding");
        assertEquals("worker-2", busy.holderValue().toStringUtf8());
    }

    @Test
    void aLostAnswerIsNotRetriedAndTheAttemptsLeaseIsRevokedWithWhatItWrote() {
        LeaseLock lock = new LeaseLock(fixture.client, KEY);
        fixture.service.applyThenLoseAnswer(request -> request instanceof TxnRequest);

        fixture.failure(IndeterminateStateException.class, lock.tryAcquire(Bytes.of("worker-1")));
        fixture.scheduler.runDue();

        assertEquals(1, fixture.service.count(TxnRequest.class));
        assertFalse(fixture.get(KEY).isPresent(), "the put did happen, and went with the revoked lease");
        assertEquals(0, fixture.service.machine().leases().size());
        assertTrue(lock.session().isEmpty());
    }

    @Test
    void tryingAgainWhileHoldingIsRefused() {
        LeaseLock lock = new LeaseLock(fixture.client, KEY);
        attempt(lock, "worker-1");

        IllegalStateException refused = fixture.failure(IllegalStateException.class, lock.tryAcquire(Bytes.of("again")));

        assertTrue(refused.getMessage().contains("release first"), refused.getMessage());
    }
}
