package io.raftkv.kv.lease;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When each lease runs out, on this node's lease clock. Every replica keeps the deadlines (so a
 * new leader has them at hand), but only the leader acts on them: it proposes an expiry, which
 * revokes the lease when applied. Followers never expire anything.
 *
 * <p>The lease clock moves only by {@link #advance}: the server advances it by the fixed period
 * of its expiry timer each time the timer fires. It reads no wall clock, so a stepped clock
 * cannot expire a lease early; a process pause or a late timer makes it fall behind real time,
 * which only makes leases last longer. Between two steps its reading is the time of the last
 * one, up to a step behind: a deadline set then (a renewal, a grant) lies a step further out
 * ({@link #setStepMillis}), so that it is a full TTL after the moment it was set. Clock rate
 * drift ρ shortens a TTL to at most TTL / (1 + ρ) of real time, which is the bound the README
 * states.
 *
 * <p>The bound across leader changes: a new leader restarts every deadline from the moment it
 * learns it leads ({@link #restartAll}), and a keep-alive is acknowledged only after a ReadIndex
 * round that began after it arrived, so any later leader was elected after the keep-alive
 * arrived and its restarted deadlines lie at least a TTL after it.
 */
public final class LeaseDeadlines {
    /** How long to wait for a proposed expiry to apply before proposing it again. */
    private final long expiryRetryMillis;
    /** How far the reading may lag the moment it is read: the period of the timer that advances it. */
    private long stepMillis;
    private long nowMillis;
    private final TreeMap<Long, Long> ttlMillis = new TreeMap<>();
    private final TreeMap<Long, Long> deadlines = new TreeMap<>();
    private final TreeMap<Long, Long> expiryProposedAt = new TreeMap<>();

    public LeaseDeadlines(long expiryRetryMillis) {
        if (expiryRetryMillis <= 0) {
            throw new IllegalArgumentException("expiryRetryMillis must be positive, was " + expiryRetryMillis);
        }
        this.expiryRetryMillis = expiryRetryMillis;
    }

    /** The lease clock's reading, in milliseconds since this process started it. */
    public long nowMillis() {
        return nowMillis;
    }

    /**
     * The period by which the server advances this clock. Until it is set the reading is taken as
     * exact; that is harmless for the server's own clock, since a deadline matters only on a
     * leader, which restarts all its deadlines ({@link #restartAll}) once it leads, after the
     * server set this.
     */
    public void setStepMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("stepMillis must not be negative, was " + millis);
        }
        this.stepMillis = millis;
    }

    public void advance(long elapsedMillis) {
        if (elapsedMillis < 0) {
            throw new IllegalArgumentException("the lease clock only moves forward, asked " + elapsedMillis);
        }
        nowMillis += elapsedMillis;
    }

    /** A lease appeared (granted, or restored): it runs a full TTL from now. */
    public void start(long id, long ttlSeconds) {
        long ttl = ttlSeconds * 1000;
        ttlMillis.put(id, ttl);
        deadlines.put(id, deadlineAfter(ttl));
        expiryProposedAt.remove(id);
    }

    public void remove(long id) {
        ttlMillis.remove(id);
        deadlines.remove(id);
        expiryProposedAt.remove(id);
    }

    public void clear() {
        ttlMillis.clear();
        deadlines.clear();
        expiryProposedAt.clear();
    }

    /**
     * A keep-alive was confirmed: the lease runs a full TTL from now. Returns false, renewing
     * nothing, for an unknown lease and for one whose deadline already passed: its expiry may be
     * on its way through the log, and a renewal acknowledged now would be undone by it (etcd's
     * lessor refuses these too).
     */
    public boolean renew(long id) {
        Long ttl = ttlMillis.get(id);
        if (ttl == null || deadlines.get(id) <= nowMillis) {
            return false;
        }
        deadlines.put(id, deadlineAfter(ttl));
        return true;
    }

    /** This node just became leader: every lease gets a full TTL from now (etcd's lessor Promote). */
    public void restartAll() {
        for (Map.Entry<Long, Long> lease : ttlMillis.entrySet()) {
            deadlines.put(lease.getKey(), deadlineAfter(lease.getValue()));
        }
        expiryProposedAt.clear();
    }

    /** A full {@code ttl} after now, however far the reading lags: a step further than the reading says. */
    private long deadlineAfter(long ttl) {
        return nowMillis + stepMillis + ttl;
    }

    /** Milliseconds left, or -1 for an unknown lease. */
    public long remainingMillis(long id) {
        Long deadline = deadlines.get(id);
        return deadline == null ? -1 : Math.max(0, deadline - nowMillis);
    }

    /**
     * Leases whose deadline passed and whose expiry is not already on its way (or was proposed
     * longer than the retry period ago); they are marked as proposed now.
     */
    public List<Long> takeExpired() {
        List<Long> expired = new ArrayList<>();
        for (Map.Entry<Long, Long> lease : deadlines.entrySet()) {
            long id = lease.getKey();
            if (lease.getValue() > nowMillis) {
                continue;
            }
            Long proposedAt = expiryProposedAt.get(id);
            if (proposedAt == null || nowMillis - proposedAt >= expiryRetryMillis) {
                expiryProposedAt.put(id, nowMillis);
                expired.add(id);
            }
        }
        return expired;
    }

    public int size() {
        return deadlines.size();
    }
}
