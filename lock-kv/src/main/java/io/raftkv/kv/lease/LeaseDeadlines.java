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
 * which only makes leases last longer. Clock rate drift ρ shortens a TTL to at most TTL / (1 + ρ)
 * of real time, which is the bound the README states.
 *
 * <p>The bound across leader changes: a new leader restarts every deadline from the moment it
 * learns it leads ({@link #restartAll}), and a keep-alive is acknowledged only after a ReadIndex
 * round that began after it arrived, so any later leader was elected after the keep-alive
 * arrived and its restarted deadlines lie at least a TTL after it.
 */
public final class LeaseDeadlines {
    /** How long to wait for a proposed expiry to apply before proposing it again. */
    private final long expiryRetryMillis;
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
        deadlines.put(id, nowMillis + ttl);
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
        deadlines.put(id, nowMillis + ttl);
        expiryProposedAt.remove(id);
        return true;
    }

    /** This node just became leader: every lease gets a full TTL from now (etcd's lessor Promote). */
    public void restartAll() {
        for (Map.Entry<Long, Long> lease : ttlMillis.entrySet()) {
            deadlines.put(lease.getKey(), nowMillis + lease.getValue());
        }
        expiryProposedAt.clear();
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
