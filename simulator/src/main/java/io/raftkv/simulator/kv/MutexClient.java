package io.raftkv.simulator.kv;

import com.google.protobuf.ByteString;
import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.WatchHandle;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.recipe.FencingToken;
import io.raftkv.kv.recipe.Mutex;
import io.raftkv.kv.recipe.Session;
import io.raftkv.kv.watch.WatchSink;
import io.raftkv.raft.runtime.RaftException;
import io.raftkv.simulator.check.Violations;
import io.raftkv.simulator.client.ClientModel;
import io.raftkv.simulator.client.ClusterAccess;
import io.raftkv.simulator.loop.EventLoop;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A lock holder written with the lock-kv recipes, unchanged, as an application would: it opens a
 * {@link Session}, {@link Mutex#lock() locks} a mutex on one of a few names, writes to the mutex's
 * protected resource with its {@link FencingToken} while the session lives, and unlocks; when the
 * session is lost it opens a new one. The recipes reach the cluster through a {@link KvClient}
 * over this client's simulated link ({@link RemoteKvService}) and take their time from its
 * {@link ClientScheduler}, on the event loop: no threads, the same run for the same seed.
 *
 * <p>Its requests are not in the linearizability history (a recipe's transactions read and write
 * several keys); the mutex keys are checked by the lock safety and mutual exclusion checks of
 * {@link ProtectedResources}, and every apply by the replica agreement check.
 */
public final class MutexClient extends KvSimClient {
    private final KvWorkloadModel model;
    private final List<ByteString> names;
    private final ProtectedResources resources;
    private final MutexUnlocker unlocker;
    private final ClientScheduler scheduler;
    private final Executor onScheduler;
    private final KvClient client;
    private final Counts counts;
    private final long driftMaxPpm;
    private Session session;

    /** What the mutex clients of a run did. */
    public static final class Counts {
        long sessions;
        long sessionsLost;
        long locks;
        long unlocks;
        long lockFailures;
        long stalls;

        public Activity snapshot() {
            return new Activity(sessions, sessionsLost, locks, unlocks, lockFailures, stalls);
        }
    }

    /** {@link Counts} at one moment, as a value. */
    public record Activity(long sessions, long sessionsLost, long locks, long unlocks, long lockFailures, long stalls) {
        @Override
        public String toString() {
            return "sessions=" + sessions + " sessions_lost=" + sessionsLost + " locks=" + locks + " unlocks=" + unlocks
                    + " lock_failures=" + lockFailures + " stalls=" + stalls;
        }
    }

    public MutexClient(long clientId, EventLoop loop, ClusterAccess cluster, KvHistory history, RandomGenerator random,
                       ClientModel timing, Violations violations, KvWorkloadModel model, List<ByteString> names,
                       ProtectedResources resources, MutexUnlocker unlocker, Counts counts, long driftMaxPpm) {
        super(clientId, loop, cluster, history, random, timing, violations);
        this.model = model;
        this.names = List.copyOf(names);
        this.resources = resources;
        this.unlocker = unlocker;
        this.counts = counts;
        this.driftMaxPpm = driftMaxPpm;
        this.scheduler = new ClientScheduler(loop, clientId);
        this.onScheduler = scheduler::execute;
        this.client = new KvClient(new RemoteKvService(new RemoteKvService.Link() {
            @Override
            public <T> CompletableFuture<T> request(Function<KvService, CompletableFuture<T>> call) {
                return MutexClient.this.request(call);
            }

            @Override
            public WatchHandle watch(WatchCreateRequest request, WatchSink sink) {
                return MutexClient.this.watch(request, sink);
            }
        }), scheduler);
    }

    @Override
    protected void begin() {
        scheduler.execute(this::openSession);
    }

    private void later(Runnable step) {
        scheduler.schedule(between(model.retryMinMicros(), model.retryMaxMicros()) / 1000, step);
    }

    private void openSession() {
        if (stopped()) {
            return;
        }
        // The session allows for the largest clock drift of the run, as the lease bound does.
        Session.open(client, model.sessionTtlSeconds(), driftMaxPpm).whenCompleteAsync((opened, error) -> {
            if (error != null) {
                later(this::openSession);
                return;
            }
            counts.sessions++;
            session = opened;
            opened.done().thenRunAsync(() -> onSessionEnd(opened), onScheduler);
            lockNext(opened, names.get(random.nextInt(names.size())));
        }, onScheduler);
    }

    private void onSessionEnd(Session ended) {
        if (ended != session) {
            return;
        }
        counts.sessionsLost++;
        session = null;
        later(this::openSession);
    }

    /** Locks {@code name} with a fresh Mutex: after an indeterminate failure it finds the key it may have made. */
    private void lockNext(Session current, ByteString name) {
        if (current != session || stopped()) {
            return;
        }
        Mutex mutex = new Mutex(current, name);
        mutex.lock().whenCompleteAsync((token, error) -> {
            if (error == null) {
                counts.locks++;
                hold(current, name, mutex, token, loop.nowMicros() + between(model.holdMinMicros(), model.holdMaxMicros()));
            } else {
                counts.lockFailures++;
                // Indeterminate: my key may be queued; lock the same name again, which finds it.
                boolean maybeQueued = unwrap(error) instanceof RaftException raft && !raft.certainlyNotApplied();
                later(() -> lockNext(current, maybeQueued ? name : names.get(random.nextInt(names.size()))));
            }
        }, onScheduler);
    }

    private void hold(Session current, ByteString name, Mutex mutex, FencingToken token, long untilMicros) {
        if (!current.isLive() || stopped()) {
            return;
        }
        if (loop.nowMicros() >= untilMicros) {
            unlock(current, mutex);
            return;
        }
        if (random.nextInt(1_000_000) < model.stallPpm()) {
            // The write leaves, then the process stops: it reaches the resource when the process resumes.
            long stallMicros = between(model.stallMinMicros(), model.stallMaxMicros());
            counts.stalls++;
            resources.sendAsMutexHolder(name, mutex.key(), token.revision(), clientId, stallMicros);
            scheduler.pause(stallMicros);
        } else {
            resources.writeAsMutexHolder(name, mutex.key(), token.revision(), clientId);
        }
        scheduler.schedule(model.resourceWriteMicros() / 1000, () -> hold(current, name, mutex, token, untilMicros));
    }

    private void unlock(Session current, Mutex mutex) {
        unlocker.unlock(mutex, client).whenCompleteAsync((deleted, error) -> {
            if (error == null) {
                counts.unlocks++;
                later(() -> lockNext(current, names.get(random.nextInt(names.size()))));
            } else if (current.isLive()) {
                later(() -> unlock(current, mutex));
            }
        }, onScheduler);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
