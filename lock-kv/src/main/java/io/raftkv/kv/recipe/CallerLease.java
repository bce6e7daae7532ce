package io.raftkv.kv.recipe;

import io.raftkv.kv.LeaseText;
import io.raftkv.kv.api.KvClient;

/**
 * A lease someone else keeps alive (the client of etcd's Lock and Election services, which passes
 * its lease id): nothing here renews, revokes or times it. Whether it is gone only the cluster
 * knows, so this side takes it for live; a put with a lease that is gone is refused (lease not
 * found), and a wait whose key went with its lease fails when it finds the key gone.
 */
final class CallerLease implements LeaseScope {
    private final KvClient client;
    private final long leaseId;

    CallerLease(KvClient client, long leaseId) {
        this.client = client;
        this.leaseId = leaseId;
    }

    @Override
    public long leaseId() {
        return leaseId;
    }

    @Override
    public KvClient client() {
        return client;
    }

    @Override
    public boolean isLive() {
        return true;
    }

    @Override
    public Runnable onEnd(Runnable listener) {
        return () -> { };
    }

    @Override
    public String toString() {
        return "caller's lease " + LeaseText.of(leaseId);
    }
}
