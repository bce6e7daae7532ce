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

/** A KV service that passes every call to another; wrappers override what they watch or change. */
public abstract class ForwardingKvService implements KvService {
    protected final KvService delegate;

    protected ForwardingKvService(KvService delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<RangeResponse> range(RangeRequest request) {
        return delegate.range(request);
    }

    @Override
    public CompletableFuture<PutResponse> put(PutRequest request) {
        return delegate.put(request);
    }

    @Override
    public CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest request) {
        return delegate.deleteRange(request);
    }

    @Override
    public CompletableFuture<TxnResponse> txn(TxnRequest request) {
        return delegate.txn(request);
    }

    @Override
    public CompletableFuture<CompactionResponse> compact(CompactionRequest request) {
        return delegate.compact(request);
    }

    @Override
    public CompletableFuture<LeaseGrantResponse> leaseGrant(LeaseGrantRequest request) {
        return delegate.leaseGrant(request);
    }

    @Override
    public CompletableFuture<LeaseRevokeResponse> leaseRevoke(LeaseRevokeRequest request) {
        return delegate.leaseRevoke(request);
    }

    @Override
    public CompletableFuture<LeaseKeepAliveResponse> leaseKeepAlive(LeaseKeepAliveRequest request) {
        return delegate.leaseKeepAlive(request);
    }

    @Override
    public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request) {
        return delegate.leaseTimeToLive(request);
    }

    @Override
    public CompletableFuture<LeaseLeasesResponse> leaseLeases(LeaseLeasesRequest request) {
        return delegate.leaseLeases(request);
    }

    @Override
    public WatchHandle watch(WatchCreateRequest request, WatchSink sink) {
        return delegate.watch(request, sink);
    }
}
