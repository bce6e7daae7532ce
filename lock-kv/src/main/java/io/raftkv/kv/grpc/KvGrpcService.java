package io.raftkv.kv.grpc;

import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.proto.ClusterGrpc;
import io.raftkv.kv.proto.MaintenanceGrpc;
import io.raftkv.kv.proto.MemberListRequest;
import io.raftkv.kv.proto.MemberListResponse;
import io.raftkv.kv.proto.StatusRequest;
import io.raftkv.kv.proto.StatusResponse;
import io.raftkv.kv.recipe.LeaseRecipes;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * etcd's KV, Lease and Watch gRPC services over one {@link KvService} (a node's KvServer), and, when
 * given what they need, Lock and Election (over a cluster {@link KvClient}, see {@link RecipeRpcs})
 * and Cluster.MemberList and Maintenance.Status (over a {@link MemberInfo}). It only translates:
 * requests go through as they are, responses come back as the service filled them (headers
 * included), and failures become etcd's statuses ({@link EtcdStatus}).
 */
public final class KvGrpcService {
    private final KvService service;
    private final KvGrpcServerOptions options;
    private final KvClient recipeClient;
    private final MemberInfo members;

    /** KV, Lease and Watch only. */
    public KvGrpcService(KvService service, KvGrpcServerOptions options) {
        this(service, null, null, options);
    }

    /**
     * @param recipeClient the client Lock and Election run their recipes with: the cluster's (it
     *                     must reach the leader, as a node's {@code client()} does); null to not serve them
     * @param members      what MemberList and Status answer; null to not serve them
     */
    public KvGrpcService(KvService service, KvClient recipeClient, MemberInfo members, KvGrpcServerOptions options) {
        this.service = service;
        this.options = options;
        this.recipeClient = recipeClient;
        this.members = members;
    }

    /** The services, to add to a gRPC server. */
    public List<ServerServiceDefinition> definitions() {
        List<ServerServiceDefinition> definitions = new ArrayList<>(List.of(new KvRpc().bindService(),
                new LeaseRpc().bindService(), new WatchRpc().bindService()));
        if (recipeClient != null) {
            RecipeRpcs recipes = new RecipeRpcs(new LeaseRecipes(recipeClient), options.streamQueuedBytesMax());
            definitions.add(recipes.lock().bindService());
            definitions.add(recipes.election().bindService());
        }
        if (members != null) {
            definitions.add(new ClusterRpc().bindService());
            definitions.add(new MaintenanceRpc().bindService());
        }
        return definitions;
    }

    private final class ClusterRpc extends ClusterGrpc.ClusterImplBase {
        @Override
        public void memberList(MemberListRequest request, StreamObserver<MemberListResponse> out) {
            reply(members::memberList, out);
        }
    }

    private final class MaintenanceRpc extends MaintenanceGrpc.MaintenanceImplBase {
        @Override
        public void status(StatusRequest request, StreamObserver<StatusResponse> out) {
            reply(members::status, out);
        }
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
