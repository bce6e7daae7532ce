package io.raftkv.kv.server;

import static io.raftkv.kv.Settings.requireNotNegative;
import static io.raftkv.kv.Settings.requirePositive;

/**
 * How a node serves the KV API.
 *
 * @param clusterId            carried in every response header
 * @param memberId             this node's id, carried in every response header
 * @param leaseTickMillis      period of the lease clock and expiry check (etcd checks every 500 ms)
 * @param expiryRetryMillis    how long a proposed expiry may take to apply before it is proposed again
 * @param progressNotifyMillis period of progress notifications to watches that asked for them (etcd: 10 min)
 * @param autoCompactRetention revisions of history the leader keeps: once the store is twice this far past its
 *                             compacted revision, the leader proposes a compaction that keeps this many (etcd's
 *                             {@code --auto-compaction-mode=revision}); 0 turns it off and history grows until a
 *                             client compacts
 */
public record KvServerOptions(long clusterId, long memberId, long leaseTickMillis, long expiryRetryMillis,
                              long progressNotifyMillis, long autoCompactRetention) {
    public static final long DEFAULT_LEASE_TICK_MILLIS = 100;
    public static final long DEFAULT_EXPIRY_RETRY_MILLIS = 3_000;
    public static final long DEFAULT_PROGRESS_NOTIFY_MILLIS = 600_000;
    public static final long DEFAULT_AUTO_COMPACT_RETENTION = 10_000;

    public KvServerOptions {
        requirePositive(leaseTickMillis, "leaseTickMillis");
        requirePositive(expiryRetryMillis, "expiryRetryMillis");
        requirePositive(progressNotifyMillis, "progressNotifyMillis");
        requireNotNegative(autoCompactRetention, "autoCompactRetention");
    }

    public static KvServerOptions defaults(long clusterId, long memberId) {
        return new KvServerOptions(clusterId, memberId, DEFAULT_LEASE_TICK_MILLIS, DEFAULT_EXPIRY_RETRY_MILLIS,
                DEFAULT_PROGRESS_NOTIFY_MILLIS, DEFAULT_AUTO_COMPACT_RETENTION);
    }

    public KvServerOptions withProgressNotifyMillis(long millis) {
        return new KvServerOptions(clusterId, memberId, leaseTickMillis, expiryRetryMillis, millis, autoCompactRetention);
    }

    public KvServerOptions withAutoCompactRetention(long revisions) {
        return new KvServerOptions(clusterId, memberId, leaseTickMillis, expiryRetryMillis, progressNotifyMillis,
                revisions);
    }
}
