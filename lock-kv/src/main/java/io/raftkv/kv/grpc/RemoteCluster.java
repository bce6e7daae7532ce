package io.raftkv.kv.grpc;

import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.LeaderRouter;
import io.raftkv.raft.runtime.ThreadScheduler;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;

/**
 * A client of a cluster over gRPC: one {@link RemoteKvService} per member, and a {@link
 * LeaderRouter} over them that finds the leader, follows "not leader" answers and moves on from
 * members it cannot reach. Its own thread times the router's retry pauses and the recipes' timers.
 */
public final class RemoteCluster implements AutoCloseable {
    private final TreeMap<Long, RemoteKvService> members;
    private final ThreadScheduler scheduler;
    private final LeaderRouter router;
    private final KvClient client;

    private RemoteCluster(TreeMap<Long, RemoteKvService> members, RemoteKvOptions options) {
        this.members = members;
        this.scheduler = new ThreadScheduler("raftkv-remote-client");
        this.router = new LeaderRouter(members, scheduler, options.maxAttempts(), options.retryPauseMillis());
        this.client = new KvClient(router, scheduler);
    }

    /** Channels to every member's client address ({@code memberId -> address}); connections open on first use. */
    public static RemoteCluster connect(Map<Long, InetSocketAddress> clientAddresses, RemoteKvOptions options) {
        if (clientAddresses.isEmpty()) {
            throw new IllegalArgumentException("a cluster has at least one member");
        }
        TreeMap<Long, RemoteKvService> members = new TreeMap<>();
        clientAddresses.forEach((id, address) -> members.put(id, RemoteKvService.connect(id, address, options)));
        return new RemoteCluster(members, options);
    }

    /** The cluster as one KvService, routed to the leader. */
    public KvService service() {
        return router;
    }

    /** The embedded API over the cluster. */
    public KvClient client() {
        return client;
    }

    /** The connection to one member, unrouted. */
    public RemoteKvService member(long id) {
        RemoteKvService member = members.get(id);
        if (member == null) {
            throw new IllegalArgumentException("no member " + id + "; members are " + members.keySet());
        }
        return member;
    }

    @Override
    public void close() {
        for (RemoteKvService member : members.values()) {
            member.close();
        }
        scheduler.close();
    }
}
