package io.raftkv.raft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.ReadState;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PendingReadsTest {
    private final PendingReads reads = new PendingReads();

    @Test
    void confirmedReadWaitsUntilItsReadIndexIsApplied() throws Exception {
        CompletableFuture<String> future = new CompletableFuture<>();
        reads.awaitConfirmation(1, () -> "value", future);
        reads.onConfirmed(new ReadState(1, 10), 9);
        assertFalse(future.isDone(), "served before index 10 was applied");
        reads.onApplied(10);
        assertEquals("value", future.get());
    }

    @Test
    void readIsServedAtOnceWhenAlreadyApplied() throws Exception {
        CompletableFuture<String> future = new CompletableFuture<>();
        reads.awaitConfirmation(3, () -> "now", future);
        reads.onConfirmed(new ReadState(3, 4), 4);
        assertEquals("now", future.get());
        assertEquals(0, reads.size());
    }

    @Test
    void losingLeadershipFailsOnlyUnconfirmedReads() {
        CompletableFuture<String> confirmed = new CompletableFuture<>();
        CompletableFuture<String> unconfirmed = new CompletableFuture<>();
        reads.awaitConfirmation(1, () -> "a", confirmed);
        reads.awaitConfirmation(2, () -> "b", unconfirmed);
        reads.onConfirmed(new ReadState(1, 20), 10);
        reads.failUnconfirmed(new NotLeaderException(1, 2));
        assertTrue(unconfirmed.isCompletedExceptionally());
        assertFalse(confirmed.isDone());
        reads.onApplied(20);
        assertEquals("a", confirmed.join());
    }

    @Test
    void aQueryThatThrowsFailsItsFutureOnly() {
        CompletableFuture<String> failing = new CompletableFuture<>();
        CompletableFuture<String> fine = new CompletableFuture<>();
        reads.awaitConfirmation(1, () -> { throw new IllegalStateException("boom"); }, failing);
        reads.awaitConfirmation(2, () -> "ok", fine);
        reads.onConfirmed(new ReadState(1, 1), 1);
        reads.onConfirmed(new ReadState(2, 1), 1);
        assertTrue(failing.isCompletedExceptionally());
        assertEquals("ok", fine.join());
    }
}
