package io.raftkv.simulator.kv;

import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.WatchHandle;
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
import java.util.function.Function;

/**
 * The cluster as a simulated client process reaches it, as a {@link KvService} for code written
 * against the API (the recipes): every call goes over the client's {@link Link}, with its latency,
 * lost requests, NotLeader hints and timeouts (an indeterminate failure).
 */
final class RemoteKvService implements KvService {
    /** How a client reaches the cluster. */
    interface Link {
        <T> CompletableFuture<T> request(Function<KvService, CompletableFuture<T>> call);

        WatchHandle watch(WatchCreateRequest request, WatchSink sink);
    }

    private final Link link;

    RemoteKvService(Link link) {
        this.link = link;
    }

    @Override
    public CompletableFuture<RangeResponse> range(RangeRequest request) {
        return link.request(node -> node.range(request));
    }

    @Override
    public CompletableFuture<PutResponse> put(PutRequest request) {
        return link.request(node -> node.put(request));
    }

    @Override
    public CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest request) {
        return link.request(node -> node.deleteRange(request));
    }

    @Override
    public CompletableFuture<TxnResponse> txn(TxnRequest request) {
        return link.request(node -> node.txn(request));
    }

    @Override
    public CompletableFuture<CompactionResponse> compact(CompactionRequest request) {
        return link.request(node -> node.compact(request));
    }

    @Override
    public CompletableFuture<LeaseGrantResponse> leaseGrant(LeaseGrantRequest request) {
        return link.request(node -> node.leaseGrant(request));
    }

    @Override
    public CompletableFuture<LeaseRevokeResponse> leaseRevoke(LeaseRevokeRequest request) {
        return link.request(node -> node.leaseRevoke(request));
    }

    @Override
    public CompletableFuture<LeaseKeepAliveResponse> leaseKeepAlive(LeaseKeepAliveRequest request) {
        return link.request(node -> node.leaseKeepAlive(request));
    }

    @Override
    public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request) {
        return link.request(node -> node.leaseTimeToLive(request));
    }

    @Override
    public CompletableFuture<LeaseLeasesResponse> leaseLeases(LeaseLeasesRequest request) {
        return link.request(node -> node.leaseLeases(request));
    }

    @Override
    public WatchHandle watch(WatchCreateRequest request, WatchSink sink) {
        return link.watch(request, sink);
    }
}
