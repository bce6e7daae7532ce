package io.raftkv.kv.grpc;

import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.ClientStreamTracer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.WatchHandle;
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
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.watch.WatchSink;
import io.raftkv.raft.runtime.RequestRejectedException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The KV service of one member, over one gRPC channel. Failures come back as the exceptions the
 * member's KvServer failed with ({@link EtcdStatus}); a call that failed in the transport is
 * certainly not applied if it never left this process (no stream was opened: the member could not
 * be reached), so a {@link io.raftkv.kv.api.LeaderRouter} may try another member, and a write that
 * may have been sent is indeterminate. A read that failed is never indeterminate: it changes nothing.
 *
 * <p>Every call has its own deadline. A keep-alive is one short LeaseKeepAlive stream (one request,
 * one response), so it gets a deadline and a failure like any call. Watches share one Watch stream,
 * opened on the first watch and again after it ends.
 */
public final class RemoteKvService implements KvService, AutoCloseable {
    private final long memberId;
    private final ManagedChannel channel;
    private final RemoteKvOptions options;
    private RemoteWatchStream watchStream;

    /** Uses {@code channel}, and shuts it down on {@link #close()}. */
    public RemoteKvService(long memberId, ManagedChannel channel, RemoteKvOptions options) {
        this.memberId = memberId;
        this.channel = channel;
        this.options = options;
    }

    /** A plaintext channel to the member's client address. */
    public static RemoteKvService connect(long memberId, InetSocketAddress address, RemoteKvOptions options) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(address.getHostString(), address.getPort())
                .usePlaintext()
                .maxInboundMessageSize(options.maxInboundMessageBytes())
                .keepAliveTime(options.keepAliveMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(options.keepAliveTimeoutMillis(), TimeUnit.MILLISECONDS)
                .build();
        return new RemoteKvService(memberId, channel, options);
    }

    public long memberId() {
        return memberId;
    }

    @Override
    public CompletableFuture<RangeResponse> range(RangeRequest request) {
        return unary(KVGrpc.getRangeMethod(), request, false);
    }

    @Override
    public CompletableFuture<PutResponse> put(PutRequest request) {
        return unary(KVGrpc.getPutMethod(), request, true);
    }

    @Override
    public CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest request) {
        return unary(KVGrpc.getDeleteRangeMethod(), request, true);
    }

    @Override
    public CompletableFuture<TxnResponse> txn(TxnRequest request) {
        return unary(KVGrpc.getTxnMethod(), request, true);
    }

    @Override
    public CompletableFuture<CompactionResponse> compact(CompactionRequest request) {
        return unary(KVGrpc.getCompactMethod(), request, true);
    }

    @Override
    public CompletableFuture<LeaseGrantResponse> leaseGrant(LeaseGrantRequest request) {
        return unary(LeaseGrpc.getLeaseGrantMethod(), request, true);
    }

    @Override
    public CompletableFuture<LeaseRevokeResponse> leaseRevoke(LeaseRevokeRequest request) {
        return unary(LeaseGrpc.getLeaseRevokeMethod(), request, true);
    }

    /** A renewal may be repeated without harm, so it fails like a read. */
    @Override
    public CompletableFuture<LeaseKeepAliveResponse> leaseKeepAlive(LeaseKeepAliveRequest request) {
        Call<LeaseKeepAliveResponse> call = new Call<>(false);
        StreamObserver<LeaseKeepAliveRequest> requests = ClientCalls.asyncBidiStreamingCall(
                channel.newCall(LeaseGrpc.getLeaseKeepAliveMethod(), call.options()), call);
        requests.onNext(request);
        requests.onCompleted();
        return call.result;
    }

    @Override
    public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request) {
        return unary(LeaseGrpc.getLeaseTimeToLiveMethod(), request, false);
    }

    @Override
    public CompletableFuture<LeaseLeasesResponse> leaseLeases(LeaseLeasesRequest request) {
        return unary(LeaseGrpc.getLeaseLeasesMethod(), request, false);
    }

    @Override
    public WatchHandle watch(WatchCreateRequest request, WatchSink sink) {
        RemoteWatchStream stream;
        synchronized (this) {
            if (watchStream == null || watchStream.ended()) {
                watchStream = RemoteWatchStream.open(channel, memberId);
            }
            stream = watchStream;
        }
        return stream.create(request, sink);
    }

    /** Ends the watch stream (its watches get "canceled") and shuts the channel down. */
    @Override
    public void close() {
        RemoteWatchStream stream;
        synchronized (this) {
            stream = watchStream;
            watchStream = null;
        }
        if (stream != null) {
            stream.close();
        }
        channel.shutdownNow();
        try {
            channel.awaitTermination(options.deadlineMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RemoteKvService[member " + memberId + ", " + channel.authority() + "]";
    }

    private <Q, R> CompletableFuture<R> unary(MethodDescriptor<Q, R> method, Q request, boolean write) {
        Call<R> call = new Call<>(write);
        ClientCalls.asyncUnaryCall(channel.newCall(method, call.options()), request, call);
        return call.result;
    }

    /**
     * One call: its deadline, whether a stream was opened for it (if not, nothing was sent), and the
     * future its single response completes.
     */
    private final class Call<R> extends ClientStreamTracer.Factory implements StreamObserver<R> {
        final CompletableFuture<R> result = new CompletableFuture<>();
        private final boolean write;
        private volatile boolean streamOpened;

        Call(boolean write) {
            this.write = write;
        }

        CallOptions options() {
            return CallOptions.DEFAULT.withDeadlineAfter(options.deadlineMillis(), TimeUnit.MILLISECONDS)
                    .withStreamTracerFactory(this);
        }

        @Override
        public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
            return new ClientStreamTracer() {
                @Override
                public void streamCreated(Attributes transportAttributes, Metadata headers) {
                    streamOpened = true;
                }
            };
        }

        @Override
        public void onNext(R response) {
            result.complete(response);
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(EtcdStatus.toException(failure, memberId, write, streamOpened));
        }

        @Override
        public void onCompleted() {
            if (!result.isDone()) {
                result.completeExceptionally(new RequestRejectedException("member " + memberId
                        + " ended the call without an answer"));
            }
        }
    }
}
