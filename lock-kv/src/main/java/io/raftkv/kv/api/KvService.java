package io.raftkv.kv.api;

import io.raftkv.kv.proto.CompactionRequest;
import io.raftkv.kv.proto.CompactionResponse;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.DeleteRangeResponse;
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
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.PutResponse;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.proto.TxnRequest;
import io.raftkv.kv.proto.TxnResponse;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.watch.WatchSink;
import java.util.concurrent.CompletableFuture;

/**
 * The KV service as etcd's v3 API defines it, request for response. A node's {@link
 * io.raftkv.kv.server.KvServer} implements it; so do the clients that reach a cluster (in one
 * JVM, or over the network), and the handles and recipes are written against it alone.
 *
 * <p>How a future fails says what is known about the request:
 * <ul>
 *   <li>{@link io.raftkv.kv.KvException}: refused by a rule (unknown lease, compacted revision,
 *       a limit); nothing changed.</li>
 *   <li>{@link io.raftkv.raft.runtime.NotLeaderException}: this node does not lead; nothing was
 *       proposed, so the request may be sent to the leader it names.</li>
 *   <li>other {@link io.raftkv.raft.runtime.RaftException}s: see
 *       {@link io.raftkv.raft.runtime.RaftException#certainlyNotApplied()}; an indeterminate write
 *       may or may not have happened, and must not be blindly retried unless it is idempotent.</li>
 * </ul>
 */
public interface KvService {
    CompletableFuture<RangeResponse> range(RangeRequest request);

    CompletableFuture<PutResponse> put(PutRequest request);

    CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest request);

    CompletableFuture<TxnResponse> txn(TxnRequest request);

    CompletableFuture<CompactionResponse> compact(CompactionRequest request);

    CompletableFuture<LeaseGrantResponse> leaseGrant(LeaseGrantRequest request);

    CompletableFuture<LeaseRevokeResponse> leaseRevoke(LeaseRevokeRequest request);

    /** Renews the lease once; a TTL of 0 in the answer means the lease is gone. */
    CompletableFuture<LeaseKeepAliveResponse> leaseKeepAlive(LeaseKeepAliveRequest request);

    /** TTL -1 in the answer means the lease is gone (expired, revoked or never granted). */
    CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request);

    CompletableFuture<LeaseLeasesResponse> leaseLeases(LeaseLeasesRequest request);

    /**
     * Opens a watch. Its responses ("created", events, progress, "canceled") go to {@code sink} in
     * revision order; the sink must not block.
     */
    WatchHandle watch(WatchCreateRequest request, WatchSink sink);
}
