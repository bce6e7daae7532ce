package io.raftkv.kv.api;

import io.raftkv.raft.runtime.Scheduler;

/**
 * The embedded API over one {@link KvService} (a node, a local cluster, or a remote cluster):
 * {@link #kv()}, {@link #leases()}, {@link #watches()}, and the {@link #scheduler()} the recipes
 * use for their timers (keep-alives, retries).
 */
public final class KvClient {
    private final KvService service;
    private final Scheduler scheduler;
    private final Kv kv;
    private final Leases leases;
    private final Watches watches;

    public KvClient(KvService service, Scheduler scheduler) {
        this.service = service;
        this.scheduler = scheduler;
        this.kv = new Kv(service);
        this.leases = new Leases(service);
        this.watches = new Watches(service);
    }

    public KvService service() {
        return service;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public Kv kv() {
        return kv;
    }

    public Leases leases() {
        return leases;
    }

    public Watches watches() {
        return watches;
    }
}
