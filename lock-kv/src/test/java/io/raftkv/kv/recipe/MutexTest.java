package io.raftkv.kv.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.TxnRequest;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.raft.runtime.IndeterminateStateException;
import io.raftkv.raft.runtime.NotLeaderException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MutexTest {
    private static final String NAME = "/jobs/lock";

    private final RecipeFixture fixture = new RecipeFixture();

    private Mutex mutex() {
        return new Mutex(fixture.session(60), NAME);
    }

    private List<ByteString> queue() {
        return fixture.keysUnder(NAME + "/").stream()
                .sorted((a, b) -> Long.compare(a.getCreateRevision(), b.getCreateRevision()))
                .map(KeyValue::getKey).toList();
    }

    /** {@code holder} locks, then each of {@code waiters} in turn; returns their locks, all still waiting. */
    private List<CompletableFuture<FencingToken>> holdAndQueue(Mutex holder, Mutex... waiters) {
        fixture.now(holder.lock());
        List<CompletableFuture<FencingToken>> waiting = new ArrayList<>();
        for (Mutex waiter : waiters) {
            waiting.add(waiter.lock());
            fixture.pending(waiting.get(waiting.size() - 1), "a waiter behind " + holder.key().toStringUtf8());
        }
        return waiting;
    }

    @Test
    void theKeyIsTheNameASlashAndTheLeaseIdInHex() {
        Mutex mutex = mutex();

        assertEquals(NAME + "/" + Long.toHexString(mutex.session().leaseId()), mutex.key().toStringUtf8());
        FencingToken token = fixture.now(mutex.lock());
        KeyValue key = fixture.get(mutex.key()).orElseThrow();
        assertEquals(token.revision(), key.getCreateRevision(), "the token is the key's create revision");
        assertEquals(mutex.session().leaseId(), key.getLease());
    }

    @Test
    void locksGoOneAtATimeInTheOrderTheKeysWereCreatedNotByKey() {
        Mutex low = mutex();
        Mutex middle = mutex();
        Mutex high = mutex();
        assertTrue(KeyInterval.ORDER.compare(low.key(), middle.key()) < 0 && KeyInterval.ORDER.compare(middle.key(), high.key()) < 0);

        // The key that sorts last locks first, the one that sorts first queues next: key order is not queue order.
        FencingToken highToken = fixture.now(high.lock());
        CompletableFuture<FencingToken> lowLock = low.lock();
        fixture.pending(lowLock, "the low key, while the high key holds");
        CompletableFuture<FencingToken> middleLock = middle.lock();
        fixture.pending(middleLock, "the middle key, while the high key holds");
        assertEquals(List.of(high.key(), low.key(), middle.key()), queue());

        assertTrue(fixture.now(high.unlock()));
        FencingToken lowToken = fixture.now(lowLock);
        fixture.pending(middleLock, "the middle key, while the low key holds");

        assertTrue(fixture.now(low.unlock()));
        FencingToken middleToken = fixture.now(middleLock);

        assertTrue(highToken.isOlderThan(lowToken) && lowToken.isOlderThan(middleToken),
                highToken + ", " + lowToken + ", " + middleToken + " should rise in the order of the holds");
        assertEquals(List.of(middle.key()), queue());
    }

    @Test
    void eachWaiterWatchesOnlyTheKeyCreatedJustBeforeItsOwn() {
        Mutex low = mutex();
        Mutex middle = mutex();
        Mutex high = mutex();
        // Queue order high, low, middle: the key created just before the middle one is the low one,
        // although the high one sorts closer to it.
        List<CompletableFuture<FencingToken>> waiting = holdAndQueue(high, low, middle);
        CompletableFuture<FencingToken> lowLock = waiting.get(0);
        CompletableFuture<FencingToken> middleLock = waiting.get(1);

        List<WatchCreateRequest> watches = List.copyOf(fixture.service.openWatches().values());
        assertEquals(List.of(high.key(), low.key()), watches.stream().map(WatchCreateRequest::getKey).toList());
        assertTrue(watches.stream().allMatch(w -> w.getRangeEnd().isEmpty()), "one key each, not the prefix: " + watches);

        long readsBefore = fixture.service.count(RangeRequest.class);
        fixture.now(high.unlock());
        fixture.now(lowLock);

        assertEquals(List.of(low.key()), fixture.service.openWatches().values().stream()
                .map(WatchCreateRequest::getKey).toList(), "the middle one still watches the low one, undisturbed");
        assertEquals(readsBefore + 2, fixture.service.count(RangeRequest.class),
                "only the low one read (its predecessor, then its own key): the middle one was not woken");
        fixture.pending(middleLock, "the middle one, while the low one holds");
    }

    @Test
    void tryLockNamesTheHolderAndTakesItsOwnKeyOutOfTheQueue() {
        Mutex holder = mutex();
        Mutex other = mutex();
        FencingToken held = fixture.now(holder.lock());

        LockAttempt.Busy busy = assertInstanceOf(LockAttempt.Busy.class, fixture.now(other.tryLock()));

        assertEquals(holder.key(), busy.holderKey());
        assertEquals(held, busy.holderToken());
        assertEquals(List.of(holder.key()), queue(), "the busy attempt left no key waiting");

        fixture.now(holder.unlock());
        LockAttempt.Acquired acquired = assertInstanceOf(LockAttempt.Acquired.class, fixture.now(other.tryLock()));
        assertTrue(held.isOlderThan(acquired.token()));
        assertTrue(fixture.now(other.unlock()), "a lock taken by tryLock is released by unlock");
    }

    @Test
    void aStaleUnlockNeverDeletesALaterHoldOfTheSameSessionsKey() {
        Session session = fixture.session(60);
        Mutex stale = new Mutex(session, NAME);
        Mutex later = new Mutex(session, NAME);
        FencingToken staleToken = fixture.now(stale.lock());
        fixture.now(fixture.client.kv().delete(stale.key())); // the hold is lost behind the holder's back
        FencingToken laterToken = fixture.now(later.lock());
        assertEquals(stale.key(), later.key());
        assertTrue(staleToken.isOlderThan(laterToken));

        assertFalse(fixture.now(stale.unlock()), "the key is no longer the one the stale hold created");

        assertEquals(laterToken.revision(), fixture.get(later.key()).orElseThrow().getCreateRevision());
        assertTrue(fixture.now(later.unlock()));
        assertFalse(fixture.now(later.unlock()), "a repeated unlock deletes nothing");
    }

    @Test
    void whenTheHoldersSessionExpiresTheNextWaiterHoldsWithALargerToken() {
        Mutex holder = new Mutex(fixture.session(3), NAME);
        Mutex waiter = new Mutex(fixture.session(3), NAME);
        CompletableFuture<FencingToken> waiting = holdAndQueue(holder, waiter).get(0);
        FencingToken held = new FencingToken(fixture.get(holder.key()).orElseThrow().getCreateRevision());

        fixture.cutKeepAlives(holder.session());
        FencingToken next = fixture.within(3_000, waiting);

        assertEquals(Session.End.KEEP_ALIVE_TIMEOUT, fixture.now(holder.session().done()));
        assertTrue(held.isOlderThan(next));
        assertEquals(List.of(waiter.key()), queue());
        fixture.advance(30_000);
        assertTrue(waiter.session().isLive(), "the waiter's own session is kept alive all along");
    }

    @Test
    void aWaiterWhoseSessionEndsFailsAndLeavesTheQueue() {
        Mutex holder = mutex();
        Mutex waiter = mutex();
        CompletableFuture<FencingToken> waiting = holdAndQueue(holder, waiter).get(0);

        fixture.now(waiter.session().close());

        RecipeException lost = fixture.failure(RecipeException.class, waiting);
        assertEquals(RecipeException.Reason.SESSION_EXPIRED, lost.reason());
        assertEquals(List.of(holder.key()), queue());
        assertTrue(fixture.service.openWatches().isEmpty(), "the wait's watch is cancelled");
    }

    @Test
    void aWaiterWhoseKeyWasDeletedWhileItWaitedDoesNotTakeTheLock() {
        Mutex holder = mutex();
        Mutex waiter = mutex();
        CompletableFuture<FencingToken> waiting = holdAndQueue(holder, waiter).get(0);
        fixture.now(fixture.client.kv().delete(waiter.key()));

        fixture.now(holder.unlock());

        RecipeException lost = fixture.failure(RecipeException.class, waiting);
        assertEquals(RecipeException.Reason.SESSION_EXPIRED, lost.reason());
        assertTrue(queue().isEmpty());
    }

    @Test
    void cancellingAWaitGivesUpItsPlaceAndTheNextWaiterMovesUp() {
        Mutex holder = mutex();
        Mutex quitter = mutex();
        Mutex patient = mutex();
        List<CompletableFuture<FencingToken>> locks = holdAndQueue(holder, quitter, patient);
        CompletableFuture<FencingToken> waiting = locks.get(1);

        locks.get(0).cancel(false);
        fixture.scheduler.runDue();

        assertEquals(List.of(holder.key(), patient.key()), queue());
        assertEquals(List.of(holder.key()), fixture.service.openWatches().values().stream()
                .map(WatchCreateRequest::getKey).toList(), "the patient waiter now watches the holder");
        fixture.now(holder.unlock());
        fixture.now(waiting);
    }

    @Test
    void aWaiterWhoseWatchIsCompactedAwayReadsTheQueueAgainAndStillGetsItsTurn() {
        Mutex holder = mutex();
        Mutex waiter = mutex();
        fixture.now(holder.lock());
        // The waiter's read of its predecessor answers late; meanwhile history is written and compacted.
        fixture.service.answerLate(request -> request instanceof RangeRequest range && range.getMaxCreateRevision() > 0, 100);
        CompletableFuture<FencingToken> waiting = waiter.lock();
        fixture.scheduler.runDue();
        fixture.now(fixture.client.kv().put("/elsewhere", "1"));
        fixture.now(fixture.client.kv().put("/elsewhere", "2"));
        fixture.now(fixture.client.kv().compact(fixture.revision()));

        fixture.advance(100);
        fixture.service.heal();
        fixture.advance(100);
        fixture.pending(waiting, "the waiter, while the holder holds");

        assertEquals(2, fixture.service.requests().stream()
                .filter(r -> r instanceof RangeRequest range && range.getMaxCreateRevision() > 0).count(),
                "the waiter read its predecessor again after the compacted watch was cancelled");
        fixture.now(holder.unlock());
        fixture.now(waiting);
    }

    @Test
    void anIndeterminateFailureReachesTheCallerUnrepeatedAndLockingAgainFindsTheSameKey() {
        Mutex mutex = mutex();
        fixture.service.applyThenLoseAnswer(request -> request instanceof TxnRequest);

        fixture.failure(IndeterminateStateException.class, mutex.lock());
        assertEquals(1, fixture.service.count(TxnRequest.class), "a write with an unknown outcome is not repeated");
        KeyValue written = fixture.get(mutex.key()).orElseThrow();

        fixture.service.heal();
        FencingToken token = fixture.now(mutex.lock());

        assertEquals(written.getCreateRevision(), token.revision(), "the key the lost write created");
        assertEquals(List.of(mutex.key()), queue());
    }

    @Test
    void aNotLeaderRefusalReachesTheCaller() {
        Mutex mutex = mutex();
        fixture.service.refuse(request -> request instanceof TxnRequest, () -> new NotLeaderException(1, 2));

        NotLeaderException refused = fixture.failure(NotLeaderException.class, mutex.lock());

        assertEquals(2, refused.leaderId());
        assertTrue(queue().isEmpty());
    }

    @Test
    void lockingWithAnEndedSessionFailsWithoutWritingAnything() {
        Mutex mutex = mutex();
        fixture.now(mutex.session().close());

        RecipeException refused = fixture.failure(RecipeException.class, mutex.lock());

        assertEquals(RecipeException.Reason.SESSION_EXPIRED, refused.reason());
        assertEquals(0, fixture.service.count(TxnRequest.class));
    }

    @Test
    void lockingTwiceWithoutUnlockingIsRefused() {
        Mutex mutex = mutex();
        fixture.now(mutex.lock());

        IllegalStateException refused = fixture.failure(IllegalStateException.class, mutex.lock());

        assertTrue(refused.getMessage().contains("holding already"), refused.getMessage());
        assertFalse(fixture.now(mutex(Bytes.of("/other")).unlock()), "an unlock without a hold does nothing");
    }

    private Mutex mutex(ByteString name) {
        return new Mutex(fixture.session(60), name);
    }
}
