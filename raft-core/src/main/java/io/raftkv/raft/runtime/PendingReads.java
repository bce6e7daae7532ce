package io.raftkv.raft.runtime;

import io.raftkv.raft.ReadState;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Linearizable reads in their two stages: waiting for the leader's quorum check (keyed by read
 * id), then waiting until this node has applied up to the confirmed read index (thesis §6.4).
 */
final class PendingReads {
    private static final class Read<T> {
        final long readId;
        final Supplier<T> query;
        final CompletableFuture<T> future;
        long readIndex;

        Read(long readId, Supplier<T> query, CompletableFuture<T> future) {
            this.readId = readId;
            this.query = query;
            this.future = future;
        }

        void serve() {
            try {
                future.complete(query.get());
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        }
    }

    private final LinkedHashMap<Long, Read<?>> awaitingConfirmation = new LinkedHashMap<>();
    private final PriorityQueue<Read<?>> awaitingApply = new PriorityQueue<>(
            Comparator.<Read<?>>comparingLong(r -> r.readIndex).thenComparingLong(r -> r.readId));

    <T> void awaitConfirmation(long readId, Supplier<T> query, CompletableFuture<T> future) {
        awaitingConfirmation.put(readId, new Read<>(readId, query, future));
    }

    /** The leader confirmed the read point; it is served once {@code appliedIndex} reaches it. */
    void onConfirmed(ReadState state, long appliedIndex) {
        Read<?> read = awaitingConfirmation.remove(state.readId());
        if (read == null) {
            return;
        }
        read.readIndex = state.readIndex();
        if (read.readIndex <= appliedIndex) {
            read.serve();
        } else {
            awaitingApply.add(read);
        }
    }

    void onApplied(long appliedIndex) {
        while (!awaitingApply.isEmpty() && awaitingApply.peek().readIndex <= appliedIndex) {
            awaitingApply.poll().serve();
        }
    }

    /** Leadership was lost: reads not yet confirmed can no longer be (confirmed ones stay valid). */
    void failUnconfirmed(RaftException cause) {
        ArrayDeque<Read<?>> failed = new ArrayDeque<>(awaitingConfirmation.values());
        awaitingConfirmation.clear();
        failed.forEach(read -> read.future.completeExceptionally(cause));
    }

    void failAll(RaftException cause) {
        failUnconfirmed(cause);
        while (!awaitingApply.isEmpty()) {
            awaitingApply.poll().future.completeExceptionally(cause);
        }
    }

    int size() {
        return awaitingConfirmation.size() + awaitingApply.size();
    }
}
