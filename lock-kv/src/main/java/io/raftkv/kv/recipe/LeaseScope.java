package io.raftkv.kv.recipe;

import io.raftkv.kv.api.KvClient;

/**
 * The lease a {@link KeyQueue} place holds its key with: a {@link Session}'s, kept alive and
 * watched here, or a caller's ({@link CallerLease}), kept alive by the caller and noticed lost only
 * by the cluster (a write with it is refused, a key held with it disappears).
 */
interface LeaseScope {
    long leaseId();

    KvClient client();

    /** False once the lease is known lost on this side; waits then fail at once. */
    boolean isLive();

    /**
     * Runs {@code listener} on the client's scheduler when the lease is known lost here; the
     * returned runnable removes it. Called on the scheduler.
     */
    Runnable onEnd(Runnable listener);
}
