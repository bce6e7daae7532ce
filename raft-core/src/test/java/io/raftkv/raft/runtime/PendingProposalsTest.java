package io.raftkv.raft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class PendingProposalsTest {
    private final PendingProposals pending = new PendingProposals();

    @Test
    void proposalCompletesWhenItsOwnEntryIsApplied() throws Exception {
        CompletableFuture<ByteString> future = new CompletableFuture<>();
        pending.add(5, 2, future);
        pending.onApplied(Entry.normal(5, 2, ByteString.copyFromUtf8("cmd")), ByteString.copyFromUtf8("ok"));
        assertEquals("ok", future.get().toStringUtf8());
        assertEquals(0, pending.size());
    }

    @Test
    void proposalIsDroppedWhenAnotherTermsEntryIsAppliedAtItsIndex() {
        CompletableFuture<ByteString> future = new CompletableFuture<>();
        pending.add(5, 2, future);
        pending.onApplied(Entry.noop(5, 3), ByteString.EMPTY);
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, future::get);
        ProposalDroppedException dropped = assertInstanceOf(ProposalDroppedException.class, failure.getCause());
        assertTrue(dropped.certainlyNotApplied());
        assertTrue(dropped.getMessage().contains("index 5 in term 2"), dropped.getMessage());
    }

    @Test
    void twoProposalsAtOneIndexFromDifferentTermsResolveByTheAppliedTerm() throws Exception {
        // Raft Figure 8: the term-2 entry may still commit after this node proposed again in term 4.
        CompletableFuture<ByteString> older = new CompletableFuture<>();
        CompletableFuture<ByteString> newer = new CompletableFuture<>();
        pending.add(7, 2, older);
        pending.add(7, 4, newer);
        pending.onApplied(Entry.normal(7, 2, ByteString.EMPTY), ByteString.copyFromUtf8("r"));
        assertEquals("r", older.get().toStringUtf8());
        assertTrue(newer.isCompletedExceptionally());
    }

    @Test
    void applyingOtherIndicesLeavesAProposalWaiting() {
        CompletableFuture<ByteString> future = new CompletableFuture<>();
        pending.add(9, 1, future);
        pending.onApplied(Entry.normal(8, 1, ByteString.EMPTY), ByteString.EMPTY);
        assertFalse(future.isDone());
        assertEquals(1, pending.size());
    }

    @Test
    void failAllFailsEveryWaitingProposalWithTheGivenCause() {
        CompletableFuture<ByteString> a = new CompletableFuture<>();
        CompletableFuture<ByteString> b = new CompletableFuture<>();
        pending.add(1, 1, a);
        pending.add(2, 1, b);
        IndeterminateStateException cause = new IndeterminateStateException("stopped");
        pending.failAll(cause);
        assertTrue(a.isCompletedExceptionally() && b.isCompletedExceptionally());
        assertEquals(0, pending.size());
    }
}
