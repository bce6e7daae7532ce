package io.raftkv.kv.grpc;

import static io.raftkv.kv.grpc.GrpcTestCluster.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.WatchHandle;
import io.raftkv.kv.proto.LeaseGrpc;
import io.raftkv.kv.proto.LeaseKeepAliveRequest;
import io.raftkv.kv.proto.LeaseKeepAliveResponse;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.raft.runtime.IndeterminateStateException;
import io.raftkv.raft.runtime.RequestRejectedException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A member that takes requests and never answers: the client's deadlines, and the server's bound on keep-alives in flight. */
class SilentMemberTest {
    private static final int KEEP_ALIVES_IN_FLIGHT_MAX = 4;
    private KvGrpcServer server;
    private RemoteKvService client;

    /** Every call returns a future that never completes; a watch is never answered. */
    private static KvService silent() {
        return (KvService) Proxy.newProxyInstance(KvService.class.getClassLoader(), new Class<?>[] {KvService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "watch" -> new WatchHandle() {
                        @Override
                        public void requestProgress() {
                        }

                        @Override
                        public void cancel() {
                        }
                    };
                    case "toString" -> "silent";
                    default -> new CompletableFuture<>();
                });
    }

    @BeforeEach
    void start() throws Exception {
        server = KvGrpcServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), silent(),
                new KvGrpcServerOptions(1 << 20, 1 << 20, KEEP_ALIVES_IN_FLIGHT_MAX, 1_000, 0));
        client = RemoteKvService.connect(9, server.localAddress(), RemoteKvOptions.defaults().withDeadlineMillis(300));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aWritePastItsDeadlineIsIndeterminateAndAReadMayBeTriedElsewhere() {
        Throwable write = failure(client.put(PutRequest.newBuilder().setKey(Bytes.of("k")).setValue(Bytes.of("v")).build()));
        assertFalse(assertInstanceOf(IndeterminateStateException.class, write).certainlyNotApplied());
        assertTrue(write.getMessage().contains("DEADLINE_EXCEEDED"), write.getMessage());
        Throwable read = failure(client.range(RangeRequest.newBuilder().setKey(Bytes.of("k")).build()));
        assertTrue(assertInstanceOf(RequestRejectedException.class, read).certainlyNotApplied());
        Throwable keepAlive = failure(client.leaseKeepAlive(LeaseKeepAliveRequest.newBuilder().setID(1).build()));
        assertTrue(assertInstanceOf(RequestRejectedException.class, keepAlive).certainlyNotApplied(),
                "a renewal may be repeated");
    }

    @Test
    void aKeepAliveStreamWithTooManyRenewalsInFlightIsEnded() throws Exception {
        InetSocketAddress address = server.localAddress();
        ManagedChannel raw = NettyChannelBuilder.forAddress(address.getHostString(), address.getPort()).usePlaintext().build();
        try {
            CompletableFuture<Status> ended = new CompletableFuture<>();
            StreamObserver<LeaseKeepAliveRequest> requests = LeaseGrpc.newStub(raw).leaseKeepAlive(
                    new StreamObserver<LeaseKeepAliveResponse>() {
                        @Override
                        public void onNext(LeaseKeepAliveResponse value) {
                            ended.completeExceptionally(new AssertionError("a silent member answered " + value));
                        }

                        @Override
                        public void onError(Throwable failure) {
                            ended.complete(Status.fromThrowable(failure));
                        }

                        @Override
                        public void onCompleted() {
                            ended.completeExceptionally(new AssertionError("ended without an error"));
                        }
                    });
            for (int i = 0; i <= KEEP_ALIVES_IN_FLIGHT_MAX; i++) {
                requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(1).build());
            }
            Status status = ended.get(GrpcTestCluster.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode());
            assertTrue(status.getDescription().contains(String.valueOf(KEEP_ALIVES_IN_FLIGHT_MAX)), status.getDescription());
        } finally {
            raw.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
