package io.raftkv.kv.api;

import io.raftkv.kv.proto.LeaseGrantRequest;
import io.raftkv.kv.proto.LeaseGrantResponse;
import io.raftkv.kv.proto.LeaseKeepAliveRequest;
import io.raftkv.kv.proto.LeaseKeepAliveResponse;
import io.raftkv.kv.proto.LeaseLeasesRequest;
import io.raftkv.kv.proto.LeaseLeasesResponse;
import io.raftkv.kv.proto.LeaseRevokeRequest;
import io.raftkv.kv.proto.LeaseRevokeResponse;
import io.raftkv.kv.proto.LeaseTimeToLiveRequest;
import io.raftkv.kv.proto.LeaseTimeToLiveResponse;
import java.util.concurrent.CompletableFuture;

/** The lease handle: grant, revoke, keep alive once, time to live, list. For a lease kept alive in the background, see {@link io.raftkv.kv.recipe.Session}. */
public final class Leases {
    private final KvService service;

    public Leases(KvService service) {
        this.service = service;
    }

    /** A lease with the cluster's choice of id. TTLs below the minimum are raised to it. */
    public CompletableFuture<LeaseGrantResponse> grant(long ttlSeconds) {
        return service.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(ttlSeconds).build());
    }

    public CompletableFuture<LeaseGrantResponse> grant(long ttlSeconds, long id) {
        return service.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(ttlSeconds).setID(id).build());
    }

    /** Revokes the lease and deletes its keys, in one revision. */
    public CompletableFuture<LeaseRevokeResponse> revoke(long id) {
        return service.leaseRevoke(LeaseRevokeRequest.newBuilder().setID(id).build());
    }

    /** One renewal; a TTL of 0 in the answer means the lease is gone. */
    public CompletableFuture<LeaseKeepAliveResponse> keepAliveOnce(long id) {
        return service.leaseKeepAlive(LeaseKeepAliveRequest.newBuilder().setID(id).build());
    }

    public CompletableFuture<LeaseTimeToLiveResponse> timeToLive(long id, boolean withKeys) {
        return service.leaseTimeToLive(LeaseTimeToLiveRequest.newBuilder().setID(id).setKeys(withKeys).build());
    }

    public CompletableFuture<LeaseLeasesResponse> list() {
        return service.leaseLeases(LeaseLeasesRequest.getDefaultInstance());
    }
}
