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
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A {@link KvService} that hands each request-for-response call to a service it picks per call
 * ({@link #forward}): the shape of a router, or of a stand-in for a member that may come and go.
 * Watches are not request for response; each subclass opens them its own way.
 */
public abstract class ForwardingKvService implements KvService {

    /** Makes {@code call} on the service this one forwards to, and answers with its outcome. */
    protected abstract <T> CompletableFuture<T> forward(Function<KvService, CompletableFuture<T>> call);

    @Override
    public CompletableFuture<RangeResponse> range(RangeRequest request) {
        return forward(service -> service.range(request));
    }

    @Override
    public CompletableFuture<PutResponse> put(PutRequest request) {
        return forward(service -> service.put(request));
    }

    @Override
    public CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest request) {
        return forward(service -> service.deleteRange(request));
    }

    @Override
    public CompletableFuture<TxnResponse> txn(TxnRequest request) {
        return forward(service -> service.txn(request));
    }

    @Override
    public CompletableFuture<CompactionResponse> compact(CompactionRequest request) {
        return forward(service -> service.compact(request));
    }

    @Override
    public CompletableFuture<LeaseGrantResponse> leaseGrant(LeaseGrantRequest request) {
        return forward(service -> service.leaseGrant(request));
    }

    @Override
    public CompletableFuture<LeaseRevokeResponse> leaseRevoke(LeaseRevokeRequest request) {
        return forward(service -> service.leaseRevoke(request));
    }

    @Override
    public CompletableFuture<LeaseKeepAliveResponse> leaseKeepAlive(LeaseKeepAliveRequest request) {
        return forward(service -> service.leaseKeepAlive(request));
    }

    @Override
    public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request) {
        return forward(service -> service.leaseTimeToLive(request));
    }

    @Override
    public CompletableFuture<LeaseLeasesResponse> leaseLeases(LeaseLeasesRequest request) {
        return forward(service -> service.leaseLeases(request));
    }
}
