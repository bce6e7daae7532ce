package io.raftkv.kv.recipe;

import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.LeaseText;
import io.raftkv.kv.proto.LeaseKeepAliveResponse;
import io.raftkv.raft.runtime.Scheduler;
import io.raftkv.raft.util.Check;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A lease kept alive in the background, as etcd's {@code concurrency.Session}: the locks and
 * elections of one session hold their keys with its lease, so they all go when it goes.
 *
 * <p>Keep-alives go out every TTL / 3 on the client's scheduler. The session counts as lost, and
 * {@link #done()} completes, when a keep-alive answers that the lease is gone (TTL &lt;= 0), or
 * when no keep-alive was acknowledged for a whole TTL, measured on the client's clock from the
 * <em>send</em> time of the last acknowledged one, and shortened by the clock drift it allows for
 * ({@link #DEFAULT_CLOCK_DRIFT_PPM}). The cluster started that lease's deadline when the keep-alive
 * arrived, after it was sent, and never expires it before TTL / (1 + drift) of real time, so the
 * session gives up no later than the cluster expires the lease: a holder learns of its loss before
 * a successor can lock. (Fencing tokens still guard against a holder paused between its check and
 * its write.)
 * A lost session never comes back, even if a late keep-alive succeeds.
 *
 * <p>Keep-alives are the one request the session repeats on its own: renewing a lease twice is
 * harmless, so a failed one is simply followed by the next period's. At most TTL / period + 1
 * (four) are outstanding, since the session gives up a TTL after the last acknowledged send.
 */
public final class Session implements LeaseScope {
    /** etcd's default session TTL. */
    public static final long DEFAULT_TTL_SECONDS = 60;
    /**
     * The clock rate error a session allows for by default: 1%, far above a quartz clock's 100 ppm
     * and NTP's 500 ppm slew limit. The cluster promises a lease only TTL / (1 + rho) of real time
     * after the leader received a keep-alive (see README, "the bound we give"), so the session
     * counts its TTL as that much shorter.
     */
    public static final long DEFAULT_CLOCK_DRIFT_PPM = 10_000;
    /** Keep-alives per TTL, as etcd's client sends them. */
    private static final long KEEP_ALIVES_PER_TTL = 3;

    /** Why a session ended. */
    public enum End {
        /** A keep-alive found the lease gone: it expired or was revoked. */
        LEASE_GONE,
        /** No keep-alive was acknowledged within a TTL of the last acknowledged send. */
        KEEP_ALIVE_TIMEOUT,
        /** {@link #close()} was called. */
        CLOSED
    }

    private final KvClient client;
    private final Scheduler scheduler;
    private final Executor onScheduler;
    private final long leaseId;
    private final long ttlSeconds;
    private final long ttlMillis;
    private final long keepAlivePeriodMillis;
    private final CompletableFuture<End> done = new CompletableFuture<>();
    /** Written only on the scheduler; volatile because {@link #isLive()} may read it from any thread. */
    private volatile long lastAckedSendMillis;
    // Confined to the scheduler:
    private Scheduler.Cancellable keepAliveTimer;
    private Scheduler.Cancellable deadlineTimer;
    private final Map<Long, Runnable> endListeners = new LinkedHashMap<>();
    private long nextListenerId;

    private Session(KvClient client, long leaseId, long ttlSeconds, long grantSentMillis, long clockDriftPpm) {
        this.client = client;
        this.scheduler = client.scheduler();
        this.onScheduler = scheduler::execute;
        this.leaseId = leaseId;
        this.ttlSeconds = ttlSeconds;
        // The window the session trusts: the TTL shortened by the clock drift it allows for.
        this.ttlMillis = ttlSeconds * 1000 * 1_000_000 / (1_000_000 + clockDriftPpm);
        this.keepAlivePeriodMillis = Math.max(1, ttlSeconds * 1000 / KEEP_ALIVES_PER_TTL);
        this.lastAckedSendMillis = grantSentMillis;
    }

    /** A session with etcd's default TTL of {@value #DEFAULT_TTL_SECONDS} s. */
    public static CompletableFuture<Session> open(KvClient client) {
        return open(client, DEFAULT_TTL_SECONDS);
    }

    /**
     * Grants a lease of {@code ttlSeconds} (the cluster may raise it to its minimum) and starts
     * keeping it alive. A failed grant fails the future as the service failed it; an indeterminate
     * one may have left a lease behind, which expires by itself since nobody keeps it alive.
     */
    public static CompletableFuture<Session> open(KvClient client, long ttlSeconds) {
        return open(client, ttlSeconds, DEFAULT_CLOCK_DRIFT_PPM);
    }

    /**
     * Like {@link #open(KvClient, long)}, counting the TTL as TTL / (1 + clockDriftPpm / 1e6) of the
     * client's clock, so that a holder gives up before the cluster can expire its lease even when
     * clocks run at different rates by up to that much.
     */
    public static CompletableFuture<Session> open(KvClient client, long ttlSeconds, long clockDriftPpm) {
        if (ttlSeconds <= 0) {
            return Async.failed(new IllegalArgumentException("session TTL must be positive, was " + ttlSeconds + " s"));
        }
        if (clockDriftPpm < 0 || clockDriftPpm >= 1_000_000) {
            return Async.failed(new IllegalArgumentException("clock drift must be in [0, 1000000) ppm, was "
                    + clockDriftPpm));
        }
        Scheduler scheduler = client.scheduler();
        return Async.on(scheduler, () -> {
            long sentMillis = scheduler.nowMillis();
            return client.leases().grant(ttlSeconds).thenApplyAsync(granted -> {
                Check.that(granted.getTTL() > 0, "lease %d granted with TTL %d", granted.getID(), granted.getTTL());
                Session session = new Session(client, granted.getID(), granted.getTTL(), sentMillis, clockDriftPpm);
                session.start();
                return session;
            }, scheduler::execute);
        });
    }

    @Override
    public long leaseId() {
        return leaseId;
    }

    /** The TTL the cluster granted (the minimum, if less was asked). */
    public long ttlSeconds() {
        return ttlSeconds;
    }

    @Override
    public KvClient client() {
        return client;
    }

    /** Completes, never exceptionally, once the session is over: lost, or closed. */
    public CompletableFuture<End> done() {
        return done;
    }

    /**
     * False once the session is over, and also as soon as a TTL has passed since the last
     * acknowledged send, even before the timer that ends the session has run: a process that
     * wakes from a pause longer than the TTL may run its own tasks first, and must not be told
     * that it still holds what it held.
     */
    @Override
    public boolean isLive() {
        return !done.isDone() && scheduler.nowMillis() < lastAckedSendMillis + ttlMillis;
    }

    /**
     * Stops the keep-alives and revokes the lease, which deletes every key held with it. Closing
     * twice, or closing a lost session, is fine: a lease already gone counts as revoked. If the
     * revoke itself fails, the lease still expires within a TTL, since nobody renews it.
     */
    public CompletableFuture<Void> close() {
        return Async.on(scheduler, () -> {
            end(End.CLOSED);
            return client.leases().revoke(leaseId).handle((revoked, error) -> {
                if (error != null && !Async.isLeaseNotFound(error)) {
                    throw new CompletionException(Async.cause(error));
                }
                return null;
            });
        });
    }

    @Override
    public String toString() {
        return "session " + LeaseText.of(leaseId) + " (TTL " + ttlSeconds + " s" + (isLive() ? ")" : ", ended)");
    }

    /**
     * Runs {@code listener} on the scheduler when the session ends (at once, if it has). Call on the
     * scheduler; the returned runnable removes the listener, so that long-lived sessions do not
     * collect the listeners of every wait they ever served.
     */
    @Override
    public Runnable onEnd(Runnable listener) {
        if (done.isDone()) {
            onScheduler.execute(listener);
            return () -> { };
        }
        long id = nextListenerId++;
        endListeners.put(id, listener);
        return () -> endListeners.remove(id);
    }

    private void start() {
        keepAliveTimer = scheduler.schedule(keepAlivePeriodMillis, this::keepAlive);
        // A grant answered after more than a TTL leaves a session that is lost at once.
        long leftMillis = Math.max(0, lastAckedSendMillis + ttlMillis - scheduler.nowMillis());
        deadlineTimer = scheduler.schedule(leftMillis, this::checkDeadline);
    }

    /** The next one is scheduled first, so that a service that throws cannot stop the keep-alives. */
    private void keepAlive() {
        if (done.isDone()) {
            return;
        }
        keepAliveTimer = scheduler.schedule(keepAlivePeriodMillis, this::keepAlive);
        long sentMillis = scheduler.nowMillis();
        client.leases().keepAliveOnce(leaseId).whenCompleteAsync((answer, error) -> onKeepAlive(sentMillis, answer, error),
                onScheduler);
    }

    private void onKeepAlive(long sentMillis, LeaseKeepAliveResponse answer, Throwable error) {
        if (done.isDone() || error != null) {
            return;
        }
        if (answer.getTTL() <= 0) {
            end(End.LEASE_GONE);
            return;
        }
        lastAckedSendMillis = Math.max(lastAckedSendMillis, sentMillis);
    }

    /** Fires at the deadline the session knew when it was set; later acknowledgements move it on. */
    private void checkDeadline() {
        if (done.isDone()) {
            return;
        }
        long leftMillis = lastAckedSendMillis + ttlMillis - scheduler.nowMillis();
        if (leftMillis <= 0) {
            end(End.KEEP_ALIVE_TIMEOUT);
            // Best effort: if the cluster still holds the lease, its keys should not hold others up.
            client.leases().revoke(leaseId);
            return;
        }
        deadlineTimer = scheduler.schedule(leftMillis, this::checkDeadline);
    }

    private void end(End why) {
        if (done.isDone()) {
            return;
        }
        keepAliveTimer.cancel();
        deadlineTimer.cancel();
        List<Runnable> listeners = new ArrayList<>(endListeners.values());
        endListeners.clear();
        done.complete(why);
        listeners.forEach(Runnable::run);
    }
}
