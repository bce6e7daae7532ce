package io.raftkv.kv.recipe;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.api.Cmp;
import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.api.Op;
import io.raftkv.kv.api.WatchHandle;
import io.raftkv.kv.proto.Event;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.proto.TxnResponse;
import io.raftkv.kv.proto.WatchResponse;
import io.raftkv.raft.util.Check;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * etcd's queue of keys under a prefix, which both {@link Mutex} and {@link Election} stand in:
 * a session's key is the prefix and its lease id in hex, held with that lease; the key with the
 * lowest create revision holds, and every other key waits for the deletion of the key created
 * just before it (one watch per waiter, on one key: no herd wakes when the holder leaves).
 *
 * <p>Every request here is safe to repeat: entering is "create my key unless it exists, and read
 * it", and leaving or replacing the value is guarded by the create revision of the key entered,
 * so a repeat (or a stale caller) never touches a newer key of the same session. The queue still
 * repeats nothing by itself: a failed request fails the caller's future as the service failed it.
 *
 * <p>{@link #acquire} and {@link #tryAcquire} may be called from any thread; everything else only
 * on the client's scheduler. Every continuation returns to it, so the state here is confined to it.
 */
final class KeyQueue {
    private static final ByteString SEPARATOR = Bytes.of("/");

    private final LeaseScope session;
    private final KvClient client;
    private final Executor onScheduler;
    private final ByteString prefix;
    private final ByteString key;
    // Confined to the scheduler:
    private boolean acquiring;
    /** The create revision of my key while it holds (for the owner of this queue place); 0 when it does not. */
    private long heldRevision;

    /** What entering the queue found: my key's create revision and value, and the key that holds. */
    record Entry(long revision, boolean created, ByteString value, KeyValue owner) {
        boolean owns() {
            return owner.getCreateRevision() == revision;
        }
    }

    /** The queue under {@code name} + "/" (etcd: {@code pfx + "/"}, then {@code "%s%x"} with the lease). */
    KeyQueue(LeaseScope session, ByteString name) {
        this.session = session;
        this.client = session.client();
        this.onScheduler = client.scheduler()::execute;
        this.prefix = name.concat(SEPARATOR);
        this.key = prefix.concat(Bytes.of(Long.toHexString(session.leaseId())));
    }

    ByteString prefix() {
        return prefix;
    }

    ByteString key() {
        return key;
    }

    LeaseScope session() {
        return session;
    }

    KvClient client() {
        return client;
    }

    /**
     * One transaction: if my key does not exist, put it with {@code value} and my lease, else read
     * it; either way read the key that holds (lowest create revision).
     */
    CompletableFuture<Entry> enter(ByteString value) {
        return client.kv().txn()
                .when(Cmp.createRevision(key).eq(0))
                .then(Op.put(key, value, session.leaseId()), Op.get(firstCreated()))
                .otherwise(Op.get(key), Op.get(firstCreated()))
                .commit().thenApplyAsync(answer -> entry(answer, value), onScheduler);
    }

    private Entry entry(TxnResponse answer, ByteString value) {
        Check.that(answer.getResponsesCount() == 2, "queue entry answered %d responses, not 2", answer.getResponsesCount());
        RangeResponse owners = answer.getResponses(1).getResponseRange();
        // My key exists at the revision of the answer, so the queue has a first key.
        Check.that(owners.getKvsCount() == 1, "queue %s is empty right after my key was written", prefix.toStringUtf8());
        if (answer.getSucceeded()) {
            return new Entry(answer.getHeader().getRevision(), true, value, owners.getKvs(0));
        }
        RangeResponse mine = answer.getResponses(0).getResponseRange();
        Check.that(mine.getKvsCount() == 1, "key %s failed 'create revision = 0' but reads as absent", key.toStringUtf8());
        KeyValue kv = mine.getKvs(0);
        return new Entry(kv.getCreateRevision(), false, kv.getValue(), owners.getKvs(0));
    }

    /** The create revision of my key while it holds; 0 when it does not. Read on the scheduler. */
    long heldRevision() {
        return heldRevision;
    }

    /**
     * Enters the queue with {@code value} and waits for my turn: the future completes with my
     * key's token once it holds, and this queue place counts as holding before the caller learns
     * it. On any failure after entering (the wait failed, the session ended, the caller cancelled
     * the future) my key is deleted again, best effort, as etcd's Lock does, so that a place
     * nobody waits on does not hold the queue up. Fails with {@link IllegalStateException} while
     * acquiring or holding already.
     *
     * <p>If my key existed already (a repeated call after an indeterminate failure) with another
     * value, the value is replaced first, guarded by its create revision (etcd's Campaign does so).
     */
    CompletableFuture<FencingToken> acquire(ByteString value, String operation) {
        // The caller gets this very future, so that cancelling it reaches the wait.
        CompletableFuture<FencingToken> result = new CompletableFuture<>();
        onScheduler.execute(() -> start(operation, result, () -> enter(value)
                .thenComposeAsync(entry -> withValue(entry, value), onScheduler)
                .whenCompleteAsync((entry, error) -> Async.guarded(() -> onEntered(result, entry, error),
                        failure -> failAttempt(result, failure)), onScheduler)));
        return result;
    }

    /** Begins an attempt on the scheduler, unless one is under way or the place holds already. */
    private void start(String operation, CompletableFuture<?> result, Runnable attempt) {
        if (result.isDone()) {
            return;
        }
        if (!session.isLive()) {
            result.completeExceptionally(new RecipeException(RecipeException.Reason.SESSION_EXPIRED, operation + " on "
                    + key.toStringUtf8() + " with " + session + ": its lease is gone"));
            return;
        }
        try {
            refuseIfBusy(operation);
        } catch (IllegalStateException busy) {
            result.completeExceptionally(busy);
            return;
        }
        acquiring = true;
        Async.guarded(attempt, failure -> failAttempt(result, failure));
    }

    private void failAttempt(CompletableFuture<?> result, Throwable failure) {
        acquiring = false;
        result.completeExceptionally(failure);
    }

    private void onEntered(CompletableFuture<FencingToken> result, Entry entry, Throwable error) {
        if (error != null) {
            failAttempt(result, Async.cause(error));
        } else if (result.isDone()) {
            giveUp(entry.revision());
        } else if (entry.owns()) {
            hold(result, entry.revision());
        } else {
            CompletableFuture<Void> turn = awaitTurn(entry.revision());
            result.whenComplete((token, cancelled) -> turn.cancel(false));
            turn.whenCompleteAsync((ignored, waitError) -> {
                if (waitError == null) {
                    hold(result, entry.revision());
                } else {
                    giveUp(entry.revision());
                    result.completeExceptionally(Async.cause(waitError));
                }
            }, onScheduler);
        }
    }

    /**
     * etcd's TryLock: holds if the queue is empty but for my key, else takes my key out again
     * (guarded by its create revision, so that it does not wait there unnoticed) and names the holder.
     */
    CompletableFuture<LockAttempt> tryAcquire(String operation) {
        CompletableFuture<LockAttempt> result = new CompletableFuture<>();
        onScheduler.execute(() -> start(operation, result, () -> enter(ByteString.EMPTY).whenCompleteAsync(
                (entry, error) -> Async.guarded(() -> onTried(result, entry, error), failure -> failAttempt(result, failure)),
                onScheduler)));
        return result;
    }

    private void onTried(CompletableFuture<LockAttempt> result, Entry entry, Throwable error) {
        if (error != null) {
            failAttempt(result, Async.cause(error));
        } else if (entry.owns()) {
            acquiring = false;
            heldRevision = entry.revision();
            result.complete(new LockAttempt.Acquired(new FencingToken(entry.revision())));
        } else {
            leave(entry.revision()).whenCompleteAsync((left, leaveError) -> {
                if (leaveError != null) {
                    failAttempt(result, Async.cause(leaveError));
                } else {
                    acquiring = false;
                    result.complete(new LockAttempt.Busy(entry.owner()));
                }
            }, onScheduler);
        }
    }

    /**
     * Deletes my key if it is still the one created when this place began to hold. True if this
     * call deleted it; false if it does not hold, or its key is gone already: a stale or repeated
     * release never deletes the key of a later hold. After a failure it still holds.
     */
    CompletableFuture<Boolean> release() {
        long revision = heldRevision;
        if (revision == 0) {
            return CompletableFuture.completedFuture(false);
        }
        return leave(revision).thenApplyAsync(deleted -> {
            dropHold(revision);
            return deleted;
        }, onScheduler);
    }

    /** Forgets the hold of {@code revision} (not a later one): its key is known to be gone. */
    void dropHold(long revision) {
        if (heldRevision == revision) {
            heldRevision = 0;
        }
    }

    private CompletableFuture<Entry> withValue(Entry entry, ByteString value) {
        if (entry.created() || entry.value().equals(value)) {
            return CompletableFuture.completedFuture(entry);
        }
        return replaceValue(entry.revision(), value).thenApply(replaced -> {
            if (!replaced) {
                throw keyGone(entry.revision());
            }
            return new Entry(entry.revision(), false, value, entry.owner());
        });
    }

    private void hold(CompletableFuture<FencingToken> result, long revision) {
        acquiring = false;
        heldRevision = revision;
        if (!result.complete(new FencingToken(revision))) {
            // The caller cancelled just as the turn came: nobody will use this hold.
            giveUp(revision);
        }
    }

    private void giveUp(long revision) {
        acquiring = false;
        dropHold(revision);
        leave(revision);
    }

    private void refuseIfBusy(String operation) {
        if (acquiring) {
            throw new IllegalStateException(operation + " on " + key.toStringUtf8() + " while acquiring already");
        }
        if (heldRevision != 0) {
            throw new IllegalStateException(operation + " on " + key.toStringUtf8() + " while holding already (token "
                    + heldRevision + "); release first");
        }
    }

    /** The key that holds: the first created under the prefix, if any. */
    CompletableFuture<Optional<KeyValue>> first() {
        return firstRead().thenApply(found -> found.getKvsCount() == 0 ? Optional.empty() : Optional.of(found.getKvs(0)));
    }

    /** {@link #first}, answering the read (its header, and the holder if there is one). */
    CompletableFuture<RangeResponse> firstRead() {
        return client.kv().range(firstCreated()).thenApplyAsync(found -> found, onScheduler);
    }

    /**
     * Completes when every key created before {@code revision} under the prefix is gone and my key
     * (created at {@code revision}) is still there. Fails with {@link RecipeException} if my key
     * or the session is gone, or the service failure that stopped it; cancelling the returned
     * future stops the wait (and its watch).
     */
    CompletableFuture<Void> awaitTurn(long revision) {
        TurnWait wait = new TurnWait(revision);
        wait.start();
        return wait.turn;
    }

    /** Deletes my key if it is still the one created at {@code revision}; true if this deleted it. */
    CompletableFuture<Boolean> leave(long revision) {
        return leaveTxn(revision).thenApply(TxnResponse::getSucceeded);
    }

    /** {@link #leave}, answering the transaction (its header, and whether it deleted). */
    CompletableFuture<TxnResponse> leaveTxn(long revision) {
        return client.kv().txn()
                .when(Cmp.createRevision(key).eq(revision))
                .then(Op.delete(key))
                .commit().thenApplyAsync(answer -> answer, onScheduler);
    }

    /** Puts {@code value} on my key if it is still the one created at {@code revision}; true if it did. */
    CompletableFuture<Boolean> replaceValue(long revision, ByteString value) {
        return replaceValueTxn(revision, value).thenApply(TxnResponse::getSucceeded);
    }

    /** {@link #replaceValue}, answering the transaction (its header, and whether it put). */
    CompletableFuture<TxnResponse> replaceValueTxn(long revision, ByteString value) {
        return client.kv().txn()
                .when(Cmp.createRevision(key).eq(revision))
                .then(Op.put(key, value, session.leaseId()))
                .commit().thenApplyAsync(answer -> answer, onScheduler);
    }

    RecipeException keyGone(long revision) {
        return new RecipeException(RecipeException.Reason.SESSION_EXPIRED, "key " + key.toStringUtf8()
                + " created at revision " + revision + " is gone: the lease of " + session
                + " ended, or someone deleted the key");
    }

    /** etcd's WithFirstCreate: the key under the prefix with the lowest create revision. */
    private RangeRequest firstCreated() {
        return underPrefix().setSortTarget(RangeRequest.SortTarget.CREATE).setSortOrder(RangeRequest.SortOrder.ASCEND)
                .setLimit(1).build();
    }

    /** etcd's WithLastCreate and WithMaxCreateRev: the last key created before {@code revision}. */
    private RangeRequest createdJustBefore(long revision) {
        return underPrefix().setSortTarget(RangeRequest.SortTarget.CREATE).setSortOrder(RangeRequest.SortOrder.DESCEND)
                .setMaxCreateRevision(revision - 1).setLimit(1).build();
    }

    private RangeRequest.Builder underPrefix() {
        return RangeRequest.newBuilder().setKey(prefix).setRangeEnd(KeyInterval.prefixEnd(prefix));
    }

    /**
     * One wait for my turn, as etcd's waitDeletes: read the last key created before mine; if there
     * is one, watch it alone until it is deleted, then read again (another key may sit between, if
     * its owner is slower to leave); if there is none, my key must still exist.
     */
    private final class TurnWait {
        private final long revision;
        private final CompletableFuture<Void> turn = new CompletableFuture<>();
        private WatchHandle watch;
        /** Responses of a watch this wait no longer uses are dropped by this number. */
        private long watchGeneration;
        private final WatchRestarts restarts = new WatchRestarts("the key before " + key.toStringUtf8());

        TurnWait(long revision) {
            this.revision = revision;
        }

        void start() {
            Runnable stopListening = session.onEnd(() -> turn.completeExceptionally(keyGone(revision)));
            turn.whenCompleteAsync((ignored, error) -> {
                stopListening.run();
                stopWatch();
            }, onScheduler);
            Async.guarded(this::findPredecessor, turn::completeExceptionally);
        }

        private void findPredecessor() {
            client.kv().range(createdJustBefore(revision)).whenCompleteAsync((found, error) -> Async.guarded(() -> {
                if (turn.isDone()) {
                    return;
                }
                if (error != null) {
                    turn.completeExceptionally(Async.cause(error));
                } else if (found.getKvsCount() == 0) {
                    confirmMyKey();
                } else {
                    watchForDelete(found.getKvs(0), found.getHeader().getRevision());
                }
            }, turn::completeExceptionally), onScheduler);
        }

        /** From just after the read that found it, so a deletion between the read and the watch is seen. */
        private void watchForDelete(KeyValue predecessor, long readRevision) {
            Check.that(predecessor.getCreateRevision() < revision, "predecessor created at %d, not before %d",
                    predecessor.getCreateRevision(), revision);
            long generation = ++watchGeneration;
            watch = client.watches().watch(predecessor.getKey(), readRevision + 1, response -> onScheduler.execute(
                    () -> Async.guarded(() -> onWatch(generation, response), turn::completeExceptionally)));
        }

        private void onWatch(long generation, WatchResponse response) {
            if (generation != watchGeneration || turn.isDone()) {
                return;
            }
            if (response.getCanceled()) {
                watch = null;
                if (restarts.allow(response)) {
                    // History was compacted under the watch: reading the queue again loses nothing.
                    findPredecessor();
                } else {
                    turn.completeExceptionally(restarts.failure(response));
                }
                return;
            }
            boolean deleted = response.getEventsList().stream().anyMatch(e -> e.getType() == Event.EventType.DELETE);
            if (deleted) {
                stopWatch();
                restarts.progressed();
                findPredecessor();
            }
        }

        private void confirmMyKey() {
            client.kv().get(key).whenCompleteAsync((mine, error) -> {
                if (error != null) {
                    turn.completeExceptionally(Async.cause(error));
                } else if (mine.isEmpty() || mine.get().getCreateRevision() != revision) {
                    turn.completeExceptionally(keyGone(revision));
                } else {
                    turn.complete(null);
                }
            }, onScheduler);
        }

        private void stopWatch() {
            watchGeneration++;
            if (watch != null) {
                watch.cancel();
                watch = null;
            }
        }
    }
}
