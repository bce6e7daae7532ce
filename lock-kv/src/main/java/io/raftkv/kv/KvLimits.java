package io.raftkv.kv;

import static io.raftkv.kv.Settings.requirePositive;

/**
 * The limits a KV node enforces before anything changes. Defaults follow etcd's: a request of at
 * most 1.5 MiB, at most 128 operations in one transaction (counted as etcd counts them), lease TTLs from
 * a minimum tied to the election timeout up to 9,000,000,000 s.
 *
 * @param maxRequestBytes    the encoded size of one request
 * @param maxTxnOps          the largest of a txn's compares, success ops and failure ops; a nested txn
 *                           gets what its enclosing txn leaves (etcd's rule, see RequestValidator)
 * @param maxKeyBytes        one key (etcd has no separate limit; the request limit bounds it)
 * @param minLeaseTtlSeconds TTLs below this are raised to it (etcd: "minimum TTL is the election timeout")
 * @param maxLeaseTtlSeconds TTLs above this are refused
 * @param maxLeases          live leases in the store
 */
public record KvLimits(int maxRequestBytes, int maxTxnOps, int maxKeyBytes, long minLeaseTtlSeconds,
                       long maxLeaseTtlSeconds, int maxLeases) {
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1536 * 1024;
    public static final int DEFAULT_MAX_TXN_OPS = 128;
    public static final long DEFAULT_MAX_LEASE_TTL_SECONDS = 9_000_000_000L;

    public static final KvLimits DEFAULTS = new KvLimits(DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_TXN_OPS,
            DEFAULT_MAX_REQUEST_BYTES, 1, DEFAULT_MAX_LEASE_TTL_SECONDS, 1_000_000);

    public KvLimits {
        requirePositive(maxRequestBytes, "maxRequestBytes");
        requirePositive(maxTxnOps, "maxTxnOps");
        requirePositive(maxKeyBytes, "maxKeyBytes");
        requirePositive(minLeaseTtlSeconds, "minLeaseTtlSeconds");
        requirePositive(maxLeases, "maxLeases");
        if (maxLeaseTtlSeconds < minLeaseTtlSeconds) {
            throw new IllegalArgumentException("maxLeaseTtlSeconds " + maxLeaseTtlSeconds
                    + " is below minLeaseTtlSeconds " + minLeaseTtlSeconds);
        }
    }

    /** The same limits with the minimum lease TTL set (say, to the election timeout rounded up to seconds). */
    public KvLimits withMinLeaseTtlSeconds(long seconds) {
        return new KvLimits(maxRequestBytes, maxTxnOps, maxKeyBytes, seconds, maxLeaseTtlSeconds, maxLeases);
    }

    public KvLimits withMaxTxnOps(int ops) {
        return new KvLimits(maxRequestBytes, ops, maxKeyBytes, minLeaseTtlSeconds, maxLeaseTtlSeconds, maxLeases);
    }

    public KvLimits withMaxRequestBytes(int bytes) {
        return new KvLimits(bytes, maxTxnOps, Math.min(maxKeyBytes, bytes), minLeaseTtlSeconds, maxLeaseTtlSeconds,
                maxLeases);
    }
}
