package io.raftkv.kv.server;

/**
 * How a node serves the KV API.
 *
 * @param clusterId            carried in every response header
 * @param memberId             this node's id, carried in every response header
 * @param leaseTickMillis      period of the lease clock and expiry check (etcd checks every 500 ms)
 * @param expiryRetryMillis    how long a proposed expiry may take to apply before it is proposed again
 * @param progressNotifyMillis period of progress notifications to watches that asked for them (etcd: 10 min)
 */
public record KvServerOptions(long clusterId, long memberId, long leaseTickMillis, long expiryRetryMillis,
                              long progressNotifyMillis) {
    public static final long DEFAULT_LEASE_TICK_MILLIS = 100;
    public static final long DEFAULT_EXPIRY_RETRY_MILLIS = 3_000;
    public static final long DEFAULT_PROGRESS_NOTIFY_MILLIS = 600_000;

    public KvServerOptions {
        requirePositive(leaseTickMillis, "leaseTickMillis");
        requirePositive(expiryRetryMillis, "expiryRetryMillis");
        requirePositive(progressNotifyMillis, "progressNotifyMillis");
    }

    public static KvServerOptions defaults(long clusterId, long memberId) {
        return new KvServerOptions(clusterId, memberId, DEFAULT_LEASE_TICK_MILLIS, DEFAULT_EXPIRY_RETRY_MILLIS,
                DEFAULT_PROGRESS_NOTIFY_MILLIS);
    }

    public KvServerOptions withProgressNotifyMillis(long millis) {
        return new KvServerOptions(clusterId, memberId, leaseTickMillis, expiryRetryMillis, millis);
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
