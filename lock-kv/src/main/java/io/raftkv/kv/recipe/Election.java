package io.raftkv.kv.recipe;

import com.google.protobuf.ByteString;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.raft.runtime.Scheduler;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Leader election with etcd's algorithm ({@code concurrency.Election}): candidates queue as in
 * {@link Mutex}, with their value on their key; the candidate whose key was created first leads,
 * and its value is the election's value. Leadership ends with {@link #resign()} or with the
 * session. Requests are never retried here; see {@link Mutex} for why repeating
 * {@link #campaign} after an indeterminate failure is safe.
 */
public final class Election {
    private final KeyQueue queue;
    private final Session session;
    private final Scheduler scheduler;

    public Election(Session session, String name) {
        this(session, Bytes.of(name));
    }

    public Election(Session session, ByteString name) {
        this.queue = new KeyQueue(session, name);
        this.session = session;
        this.scheduler = session.client().scheduler();
    }

    /** This candidate's key: {@code name + "/" + lease id in hex}. */
    public ByteString key() {
        return queue.key();
    }

    public Session session() {
        return session;
    }

    /**
     * Stands with {@code value} and completes once this candidate leads, with its fencing token.
     * Cancelling the returned future withdraws the candidacy. Fails with {@link
     * IllegalStateException} while campaigning or leading already. If the key existed with another
     * value (a repeated campaign), the value is replaced first, as etcd does.
     */
    public CompletableFuture<FencingToken> campaign(ByteString value) {
        return queue.acquire(value, "campaign");
    }

    public CompletableFuture<FencingToken> campaign(String value) {
        return campaign(Bytes.of(value));
    }

    /**
     * Replaces the leader's value, if this candidate still leads (its key is the one created when
     * it won). Fails with {@link RecipeException.Reason#NOT_ELECTION_LEADER} otherwise.
     */
    public CompletableFuture<Void> proclaim(ByteString value) {
        return Async.on(scheduler, () -> {
            long revision = queue.heldRevision();
            if (revision == 0) {
                throw notLeader("it does not lead (campaign first)");
            }
            return queue.replaceValue(revision, value).thenApplyAsync(replaced -> {
                if (!replaced) {
                    queue.dropHold(revision);
                    throw notLeader("its key created at revision " + revision + " is gone (resigned, or "
                            + queue.session() + " lost its lease)");
                }
                return null;
            }, scheduler::execute);
        });
    }

    public CompletableFuture<Void> proclaim(String value) {
        return proclaim(Bytes.of(value));
    }

    /**
     * Gives up leadership: deletes my key if it is still the one created when this candidate won.
     * True if this call deleted it; false if this candidate did not lead (any more).
     */
    public CompletableFuture<Boolean> resign() {
        return Async.on(scheduler, queue::release);
    }

    /** The leader's key-value (the first key created under the election's prefix), if anyone leads. */
    public CompletableFuture<Optional<KeyValue>> leader() {
        return Async.on(scheduler, queue::first);
    }

    /**
     * Reports each leader, and each new value of a leader, in revision order, to {@code listener}
     * on the client's scheduler, starting with the current one. Close the returned observer to stop.
     */
    public LeaderObserver observe(Consumer<KeyValue> listener) {
        LeaderObserver observer = new LeaderObserver(queue.client(), queue.prefix(), listener);
        scheduler.execute(observer::start);
        return observer;
    }

    private RecipeException notLeader(String why) {
        return new RecipeException(RecipeException.Reason.NOT_ELECTION_LEADER, "candidate " + key().toStringUtf8()
                + " of election " + queue.prefix().toStringUtf8() + " may not proclaim: " + why);
    }
}
