package io.raftkv.simulator.check.linearizability.kv;

import java.util.Objects;

/**
 * What a client asked the store, one key per op, with etcd's semantics. A lease id of 0 means no
 * lease, as in etcd.
 */
public sealed interface KvInput {
    /** The key this op touches; null only for a {@link RevokeLease} whose lease had no key. */
    String key();

    /** Put {@code key = value}, attached to {@code lease} (0: none). Answered with {@link KvOutput.PutResult}. */
    record Put(String key, String value, long lease) implements KvInput {
        public Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            requireLease(lease);
        }
    }

    /** Read {@code key}. Answered with {@link KvOutput.GetResult}. */
    record Get(String key) implements KvInput {
        public Get {
            Objects.requireNonNull(key, "key");
        }
    }

    /** Delete {@code key}. Answered with {@link KvOutput.DeleteResult}. */
    record Delete(String key) implements KvInput {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * The lock transaction: if {@code create_revision(key) == 0} then put {@code key = value} with
     * {@code lease}, else get {@code key} (who holds it). Answered with {@link KvOutput.CreateResult}.
     */
    record CreateIfAbsent(String key, String value, long lease) implements KvInput {
        public CreateIfAbsent {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            requireLease(lease);
        }
    }

    /**
     * A revoke of {@code leaseId}, or its expiry: deletes {@code key} if the key is still attached
     * to that lease when it happens. {@code key} is the one key the workload attached to this lease
     * (a workload that attaches a lease to several keys must not use this op), or null if it
     * attached none; such a revoke touches no key and the checker leaves it out. Answered with
     * {@link KvOutput.RevokeResult}.
     */
    record RevokeLease(long leaseId, String key) implements KvInput {
        public RevokeLease {
            if (leaseId <= 0) {
                throw new IllegalArgumentException("leaseId must be > 0 (0 means no lease), got " + leaseId);
            }
        }
    }

    private static void requireLease(long lease) {
        if (lease < 0) {
            throw new IllegalArgumentException("lease must be >= 0 (0 means none), got " + lease);
        }
    }
}
