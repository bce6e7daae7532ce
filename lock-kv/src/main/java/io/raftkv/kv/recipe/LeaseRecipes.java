package io.raftkv.kv.recipe;

import com.google.protobuf.ByteString;
import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.proto.ResponseHeader;
import io.raftkv.raft.runtime.Scheduler;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The locks and elections of etcd's Lock and Election services (its {@code v3lock} and
 * {@code v3election} servers): {@link Mutex}'s and {@link Election}'s queue ({@link KeyQueue}),
 * run for a caller that holds its own lease and keeps it alive itself, instead of a {@link Session}.
 * The key is {@code name + "/" + lease in hex}, as in the recipes; each call stands alone (like
 * etcd's servers, which make a new session for each request), so a leadership is named by its
 * {@link Held} key, create revision and lease rather than by an object.
 *
 * <p>Nothing is retried here and nothing renews the lease. If the lease is gone, entering the
 * queue is refused (lease not found); if it goes during a wait, the wait fails when it finds its
 * key gone. Cancelling a {@link #lock} or {@link #campaign} future gives up the place, deleting the
 * key (also if the hold had just been reached).
 */
public final class LeaseRecipes {
    private final KvClient client;
    private final Scheduler scheduler;

    /** Runs against {@code client} (a node's cluster client); continuations run on its scheduler. */
    public LeaseRecipes(KvClient client) {
        this.client = client;
        this.scheduler = client.scheduler();
    }

    /**
     * A lock held or a leadership won: the key, its create revision (the fencing token), the lease
     * it is held with, and the header of the read that confirmed it after the wait.
     */
    public record Held(ByteString name, ByteString key, long revision, long lease, ResponseHeader header) {
    }

    /** The leader of an election (empty if nobody leads), with the header of the read. */
    public record Leader(Optional<KeyValue> kv, ResponseHeader header) {
    }

    /** Waits until {@code name} is locked with {@code lease}'s key, as {@link Mutex#lock()} does. */
    public CompletableFuture<Held> lock(ByteString name, long lease) {
        KeyQueue queue = queue(name, lease);
        return held(queue, name, lease, queue.acquire(ByteString.EMPTY, "lock"));
    }

    /** Deletes {@code key} (etcd's Unlock: unguarded; a key already gone is fine). */
    public CompletableFuture<ResponseHeader> unlock(ByteString key) {
        return Async.on(scheduler, () -> client.service().deleteRange(DeleteRangeRequest.newBuilder().setKey(key).build())
                .thenApply(deleted -> deleted.getHeader()));
    }

    /** Waits until the candidate with {@code lease} leads {@code name}, as {@link Election#campaign} does. */
    public CompletableFuture<Held> campaign(ByteString name, long lease, ByteString value) {
        KeyQueue queue = queue(name, lease);
        return held(queue, name, lease, queue.acquire(value, "campaign"));
    }

    /**
     * Replaces the leader's value if {@code key} (of {@code lease}) still leads with the key
     * created at {@code revision}; fails with {@link RecipeException.Reason#NOT_ELECTION_LEADER}
     * otherwise, as {@link Election#proclaim} does.
     */
    public CompletableFuture<ResponseHeader> proclaim(ByteString name, ByteString key, long revision, long lease,
            ByteString value) {
        return Async.on(scheduler, () -> {
            KeyQueue queue = leadership(name, key, lease, "proclaim");
            return queue.replaceValueTxn(revision, value).thenApply(answer -> {
                if (!answer.getSucceeded()) {
                    throw notLeader(name, key, "its key created at revision " + revision + " is gone (resigned, or its"
                            + " lease ended)");
                }
                return answer.getHeader();
            });
        });
    }

    /**
     * Deletes {@code key} if it is still the one created at {@code revision}, as {@link
     * Election#resign} does; a leadership already over is no error (etcd answers a header too).
     */
    public CompletableFuture<ResponseHeader> resign(ByteString name, ByteString key, long revision, long lease) {
        return Async.on(scheduler, () -> leadership(name, key, lease, "resign").leaveTxn(revision)
                .thenApply(answer -> answer.getHeader()));
    }

    /** The leader of {@code name}: the key created first under its prefix. */
    public CompletableFuture<Leader> leader(ByteString name) {
        return Async.on(scheduler, () -> queue(name, 0).firstRead().thenApply(LeaseRecipes::leaderOf));
    }

    /**
     * Reports each leader of {@code name}, and each new value, to {@code listener} on the client's
     * scheduler with the header of the response that showed it, as {@link Election#observe} does.
     */
    public LeaderObserver observe(ByteString name, BiConsumer<KeyValue, ResponseHeader> listener) {
        LeaderObserver observer = new LeaderObserver(client, queue(name, 0).prefix(), listener);
        scheduler.execute(observer::start);
        return observer;
    }

    private KeyQueue queue(ByteString name, long lease) {
        return new KeyQueue(new CallerLease(client, lease), name);
    }

    /** The queue place of a leadership, if {@code key} is the one {@code lease} holds under {@code name}. */
    private KeyQueue leadership(ByteString name, ByteString key, long lease, String operation) {
        KeyQueue queue = queue(name, lease);
        if (!queue.key().equals(key)) {
            throw notLeader(name, key, operation + " names key " + key.toStringUtf8() + ", but lease " + Long.toHexString(lease)
                    + " holds " + queue.key().toStringUtf8());
        }
        return queue;
    }

    private static Leader leaderOf(RangeResponse read) {
        return new Leader(read.getKvsCount() == 0 ? Optional.empty() : Optional.of(read.getKvs(0)), read.getHeader());
    }

    /**
     * The caller's future for an acquire: once held, my key is read again for a header (and to
     * confirm it is still mine); cancelling it cancels the wait, or leaves the place if it held.
     */
    private CompletableFuture<Held> held(KeyQueue queue, ByteString name, long lease,
            CompletableFuture<FencingToken> acquiring) {
        CompletableFuture<Held> result = new CompletableFuture<>();
        result.whenComplete((held, error) -> {
            if (result.isCancelled() && !acquiring.cancel(false)) {
                acquiring.thenAccept(token -> scheduler.execute(() -> queue.leave(token.revision())));
            }
        });
        acquiring.whenCompleteAsync((token, error) -> {
            if (error != null) {
                result.completeExceptionally(Async.cause(error));
                return;
            }
            RangeRequest mine = RangeRequest.newBuilder().setKey(queue.key()).build();
            client.service().range(mine).whenCompleteAsync((read, readError) -> {
                if (readError != null) {
                    queue.leave(token.revision()); // best effort: nobody learns of this hold
                    result.completeExceptionally(Async.cause(readError));
                } else if (read.getKvsCount() == 0 || read.getKvs(0).getCreateRevision() != token.revision()) {
                    result.completeExceptionally(queue.keyGone(token.revision()));
                } else {
                    result.complete(new Held(name, queue.key(), token.revision(), lease, read.getHeader()));
                }
            }, scheduler::execute);
        }, scheduler::execute);
        return result;
    }

    private static RecipeException notLeader(ByteString name, ByteString key, String why) {
        return new RecipeException(RecipeException.Reason.NOT_ELECTION_LEADER, "candidate " + key.toStringUtf8()
                + " of election " + name.toStringUtf8() + " does not lead: " + why);
    }
}
