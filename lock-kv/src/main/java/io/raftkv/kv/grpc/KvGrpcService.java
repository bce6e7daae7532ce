package io.raftkv.kv.grpc;

import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.proto.CompactionRequest;
import io.raftkv.kv.proto.CompactionResponse;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.DeleteRangeResponse;
import io.raftkv.kv.proto.KVGrpc;
import io.raftkv.kv.proto.LeaseGrantRequest;
import io.raftkv.kv.proto.LeaseGrantResponse;
import io.raftkv.kv.proto.LeaseGrpc;
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
import io.raftkv.kv.proto.WatchGrpc;
import io.raftkv.kv.proto.WatchRequest;
import io.raftkv.kv.proto.WatchResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * etcd's KV, Lease and Watch gRPC services over one {@link KvService} (a node's KvServer). It only
 * translates: requests go through as they are, responses come back as the service filled them
 * (headers included), and failures become etcd's statuses ({@link EtcdStatus}).
 */
public final class KvGrpcService {
    private final KvService service;
    private final KvGrpcServerOptions options;

    public KvGrpcService(KvService service, KvGrpcServerOptions options) {
        this.service = service;
        this.options = options;
    }

    /** The three services, to add to a gRPC server. */
    public List<ServerServiceDefinition> definitions() {
        return List.of(new KvRpc().bindService(), new LeaseRpc().bindService(), new WatchRpc().bindService());
    }

    private final class KvRpc extends KVGrpc.KVImplBase {
        @Override
        public void range(RangeRequest request, StreamObserver<RangeResponse> out) {
            reply(() -> service.range(request), out);
        }

        @Override
        public void put(PutRequest request, StreamObserver<PutResponse> out) {
            reply(() -> service.put(request), out);
        }

        @Override
        public void deleteRange(DeleteRangeRequest request, StreamObserver<DeleteRangeResponse> out) {
            reply(() -> service.deleteRange(request), out);
        }

        @Override
        public void txn(TxnRequest request, StreamObserver<TxnResponse> out) {
            reply(() -> service.txn(request), out);
        }

        @Override
        public void compact(CompactionRequest request, StreamObserver<CompactionResponse> out) {
            reply(() -> service.compact(request), out);
        }
    }

    private final class LeaseRpc extends LeaseGrpc.LeaseImplBase {
        @Override
        public void leaseGrant(LeaseGrantRequest request, StreamObserver<LeaseGrantResponse> out) {
            reply(() -> service.leaseGrant(request), out);
        }

        @Override
        public void leaseRevoke(LeaseRevokeRequest request, StreamObserver<LeaseRevokeResponse> out) {
            reply(() -> service.leaseRevoke(request), out);
        }

        @Override
        public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(StreamObserver<LeaseKeepAliveResponse> out) {
            return new ServerKeepAliveStream(service, (ServerCallStreamObserver<LeaseKeepAliveResponse>) out,
                    options.keepAlivesInFlightMax(), options.streamQueuedBytesMax());
        }

        @Override
        public void leaseTimeToLive(LeaseTimeToLiveRequest request, StreamObserver<LeaseTimeToLiveResponse> out) {
            reply(() -> service.leaseTimeToLive(request), out);
        }

        @Override
        public void leaseLeases(LeaseLeasesRequest request, StreamObserver<LeaseLeasesResponse> out) {
            reply(() -> service.leaseLeases(request), out);
        }
    }

    private final class WatchRpc extends WatchGrpc.WatchImplBase {
        @Override
        public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> out) {
            return new ServerWatchStream(service, (ServerCallStreamObserver<WatchResponse>) out,
                    options.streamQueuedBytesMax());
        }
    }

    private static <T> void reply(Supplier<CompletableFuture<T>> call, StreamObserver<T> out) {
        invoke(call).whenComplete((response, failure) -> {
            if (failure != null) {
                out.onError(EtcdStatus.toStatus(failure));
            } else {
                out.onNext(response);
                out.onCompleted();
            }
        });
    }

    /** Calls the service; a call that throws instead of failing its future fails the future all the same. */
    static <T> CompletableFuture<T> invoke(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }
}
