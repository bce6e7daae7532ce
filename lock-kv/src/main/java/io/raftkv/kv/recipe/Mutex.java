package io.raftkv.kv.recipe;

import com.google.protobuf.ByteString;
import io.raftkv.kv.api.Bytes;
import io.raftkv.raft.runtime.Scheduler;
import java.util.concurrent.CompletableFuture;

/**
 * A fair distributed lock, with etcd's algorithm ({@code concurrency.Mutex}): the session's key
 * under {@code name + "/"} joins a queue ordered by create revision; the first key holds, and
 * each waiter watches only the key created just before its own. Locks are granted in the order
 * the keys were created (FIFO), and every hold comes with a {@link FencingToken}, its key's create
 * revision, which grows with each new hold.
 *
 * <p>A hold lasts until {@link #unlock()} or until the session ends ({@link Session#done()}):
 * then the lease and the key go, and the next waiter holds. Whoever holds should watch the
 * session, and pass its token to what it protects, since it may learn of the loss late.
 *
 * <p>Failures come back as the {@link io.raftkv.kv.api.KvService} failed them; nothing is retried
 * here. Every request of the algorithm is safe to repeat for one session (entering creates the key
 * only if it is absent; leaving is guarded by the key's create revision), so after an
 * indeterminate failure the caller may call {@link #lock()} again: it finds its own key and carries
 * on. Otherwise a key written by a lock() that failed indeterminately stays queued until the
 * session is closed. Use one Mutex per session and name: they would share one key.
 */
public final class Mutex {
    private final KeyQueue queue;
    private final Session session;
    private final Scheduler scheduler;

    public Mutex(Session session, String name) {
        this(session, Bytes.of(name));
    }

    public Mutex(Session session, ByteString name) {
        this.queue = new KeyQueue(session, name);
        this.session = session;
        this.scheduler = session.client().scheduler();
    }

    /** This session's key: {@code name + "/" + lease id in hex}. */
    public ByteString key() {
        return queue.key();
    }

    public Session session() {
        return session;
    }

    /**
     * Waits for the lock, without blocking a thread. Cancelling the returned future gives up the
     * place in the queue. Fails with {@link RecipeException.Reason#SESSION_EXPIRED} if the session
     * ends first, and with {@link IllegalStateException} if this mutex holds or is acquiring already.
     */
    public CompletableFuture<FencingToken> lock() {
        return queue.acquire(ByteString.EMPTY, "lock");
    }

    /**
     * Takes the lock if it is free, else reports who holds it (and takes my key out of the queue
     * again, guarded by its create revision, so that it does not wait there unnoticed).
     */
    public CompletableFuture<LockAttempt> tryLock() {
        return queue.tryAcquire("tryLock");
    }

    /**
     * Releases the hold: deletes my key if it is still the one created when this mutex locked.
     * True if this call deleted it; false if this mutex does not hold, or its key is gone already
     * (the session ended, or the key was replaced): a stale or repeated unlock never deletes the
     * key of a later hold. After a failure the hold is kept, and unlock may be called again.
     */
    public CompletableFuture<Boolean> unlock() {
        return Async.on(scheduler, queue::release);
    }
}
