package io.raftkv.kv.api;

import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.watch.WatchSink;
import io.raftkv.raft.SoftState;
import io.raftkv.raft.runtime.NotLeaderException;
import io.raftkv.raft.runtime.RaftException;
import io.raftkv.raft.runtime.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * A {@link KvService} over the members of one cluster that finds the leader: it sends to the
 * member it believes leads, follows a NotLeader answer to the leader named, and otherwise tries
 * the next member after a pause. It retries only what certainly did not happen (a refusal before
 * proposing); an indeterminate write fails to the caller, who knows whether it is safe to repeat.
 */
public final class LeaderRouter extends ForwardingKvService {
    private final TreeMap<Long, KvService> members;
    private final List<Long> ids;
    private final Scheduler scheduler;
    private final int maxAttempts;
    private final long retryPauseMillis;
    private volatile long believedLeader;

    public LeaderRouter(Map<Long, ? extends KvService> members, Scheduler scheduler, int maxAttempts,
                        long retryPauseMillis) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a cluster has at least one member");
        }
        if (maxAttempts < 1 || retryPauseMillis < 0) {
            throw new IllegalArgumentException("maxAttempts must be >= 1 and retryPauseMillis >= 0, were "
                    + maxAttempts + ", " + retryPauseMillis);
        }
        this.members = new TreeMap<>(members);
        this.ids = new ArrayList<>(this.members.keySet());
        this.scheduler = scheduler;
        this.maxAttempts = maxAttempts;
        this.retryPauseMillis = retryPauseMillis;
        this.believedLeader = ids.get(0);
    }

    /** Watches are served by any member from what it applied; this one uses the believed leader. */
    @Override
    public WatchHandle watch(WatchCreateRequest request, WatchSink sink) {
        return members.get(believedLeader).watch(request, sink);
    }

    @Override
    protected <T> CompletableFuture<T> forward(Function<KvService, CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(call, result, 1);
        return result;
    }

    private <T> void attempt(Function<KvService, CompletableFuture<T>> call, CompletableFuture<T> result, int attempt) {
        long target = believedLeader;
        call.apply(members.get(target)).whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (!(cause instanceof RaftException raft) || !raft.certainlyNotApplied() || attempt >= maxAttempts) {
                result.completeExceptionally(cause);
                return;
            }
            long hint = cause instanceof NotLeaderException notLeader ? notLeader.leaderId() : SoftState.NO_LEADER;
            if (hint != SoftState.NO_LEADER && members.containsKey(hint) && hint != target) {
                believedLeader = hint;
                attempt(call, result, attempt + 1);
            } else {
                believedLeader = ids.get((ids.indexOf(target) + 1) % ids.size());
                scheduler.schedule(retryPauseMillis, () -> attempt(call, result, attempt + 1));
            }
        });
    }
}
