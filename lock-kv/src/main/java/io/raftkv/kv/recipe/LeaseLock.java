package io.raftkv.kv.recipe;

import com.google.protobuf.ByteString;
import io.raftkv.kv.api.Cmp;
import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.api.Op;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.proto.TxnResponse;
import io.raftkv.raft.runtime.Scheduler;
import io.raftkv.raft.util.Check;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The lock as applications write it with etcd (DESIGN.md, "The problem it solves"): grant a lease
 * of a few seconds and keep it alive ({@link Session}); then one transaction, {@code
 * if create_revision(key) == 0 then put key value with the lease else get key}. The lock is ours
 * if the put happened, with the put's revision (the key's create revision) as fencing token; else
 * the answer names the holder (its value and create revision). It is held until {@link #release()}
 * revokes the lease, or until the session ends: then the cluster deletes the key with the lease.
 *
 * <p>Unlike {@link Mutex} it does not queue: a busy lock is reported, not waited for. Nothing is
 * retried: the transaction is not repeated on failure. Instead the attempt's lease is revoked,
 * which deletes the key if an indeterminate put did happen, so a failed attempt never leaves a
 * hold behind (if the revoke fails too, the lease expires within its TTL, as nobody renews it).
 */
public final class LeaseLock {
    /** "A few seconds", as the seed's recipe grants. */
    public static final long DEFAULT_TTL_SECONDS = 5;

    private final KvClient client;
    private final Scheduler scheduler;
    private final Executor onScheduler;
    private final ByteString key;
    private final long ttlSeconds;
    // Written on the scheduler:
    private boolean attempting;
    /** The session of the current hold; null when none. */
    private volatile Session session;

    public LeaseLock(KvClient client, ByteString key) {
        this(client, key, DEFAULT_TTL_SECONDS);
    }

    public LeaseLock(KvClient client, ByteString key, long ttlSeconds) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a lock key must not be empty");
        }
        if (ttlSeconds <= 0) {
            throw new IllegalArgumentException("lock TTL must be positive, was " + ttlSeconds + " s");
        }
        this.client = client;
        this.scheduler = client.scheduler();
        this.onScheduler = scheduler::execute;
        this.key = key;
        this.ttlSeconds = ttlSeconds;
    }

    public ByteString key() {
        return key;
    }

    /** The session of the current hold: watch its {@link Session#done()} to learn that the lock is lost. */
    public Optional<Session> session() {
        return Optional.ofNullable(session);
    }

    /**
     * One attempt with {@code value} on the key (say, who the holder is). Fails with {@link
     * IllegalStateException} while an attempt is under way, or while this lock holds with a live session.
     */
    public CompletableFuture<LockAttempt> tryAcquire(ByteString value) {
        return Async.on(scheduler, () -> {
            Session held = session;
            if (attempting || (held != null && held.isLive())) {
                throw new IllegalStateException("tryAcquire on " + key.toStringUtf8() + " while "
                        + (attempting ? "an attempt is under way" : "it holds with " + held + "; release first"));
            }
            attempting = true;
            session = null;
            CompletableFuture<LockAttempt> result = new CompletableFuture<>();
            Session.open(client, ttlSeconds).whenCompleteAsync((opened, openError) -> {
                if (openError != null) {
                    attempting = false;
                    result.completeExceptionally(Async.cause(openError));
                } else {
                    Async.guarded(() -> putUnlessHeld(opened, value).whenCompleteAsync(
                            (answer, txnError) -> Async.guarded(() -> settle(result, opened, answer, txnError),
                                    failure -> fail(result, opened, failure)), onScheduler),
                            failure -> fail(result, opened, failure));
                }
            }, onScheduler);
            return result;
        });
    }

    /** Revokes the lease of the current hold, which deletes the key; nothing to do if none. */
    public CompletableFuture<Void> release() {
        return Async.on(scheduler, () -> {
            Session held = session;
            if (held == null) {
                return CompletableFuture.completedFuture(null);
            }
            session = null;
            return held.close();
        });
    }

    private CompletableFuture<TxnResponse> putUnlessHeld(Session opened, ByteString value) {
        return client.kv().txn()
                .when(Cmp.createRevision(key).eq(0))
                .then(Op.put(key, value, opened.leaseId()))
                .otherwise(Op.get(key))
                .commit();
    }

    private void settle(CompletableFuture<LockAttempt> result, Session opened, TxnResponse answer, Throwable error) {
        if (error != null) {
            fail(result, opened, Async.cause(error));
            return;
        }
        attempting = false;
        if (answer.getSucceeded()) {
            long revision = answer.getHeader().getRevision();
            session = opened;
            result.complete(new LockAttempt.Acquired(new FencingToken(revision)));
            return;
        }
        // Held by someone else: this attempt's lease holds nothing, and need not outlive it.
        opened.close();
        RangeResponse holder = answer.getResponses(0).getResponseRange();
        Check.that(holder.getKvsCount() == 1, "key %s failed 'create revision = 0' but reads as absent",
                key.toStringUtf8());
        result.complete(new LockAttempt.Busy(holder.getKvs(0)));
    }

    private void fail(CompletableFuture<LockAttempt> result, Session opened, Throwable failure) {
        attempting = false;
        if (session == opened) {
            session = null;
        }
        // The put may have happened: revoking the lease deletes whatever it wrote.
        opened.close();
        result.completeExceptionally(failure);
    }
}
