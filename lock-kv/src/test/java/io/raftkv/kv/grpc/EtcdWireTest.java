package io.raftkv.kv.grpc;

import static io.raftkv.kv.grpc.GrpcTestCluster.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.raftkv.kv.KvLimits;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.proto.KVGrpc;
import io.raftkv.kv.proto.LeaseGrpc;
import io.raftkv.kv.proto.LeaseKeepAliveRequest;
import io.raftkv.kv.proto.LeaseKeepAliveResponse;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.PutResponse;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.WatchCancelRequest;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.proto.WatchGrpc;
import io.raftkv.kv.proto.WatchProgressRequest;
import io.raftkv.kv.proto.WatchRequest;
import io.raftkv.kv.proto.WatchResponse;
import io.raftkv.kv.server.KvTestCluster;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What a foreign etcd client sees: etcd's paths, and the streams used with generated stubs only. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EtcdWireTest {
    private GrpcTestCluster cluster;
    private ManagedChannel raw;

    @BeforeAll
    void start() throws Exception {
        cluster = new GrpcTestCluster(KvLimits.DEFAULTS);
        cluster.makeLeader(1);
        InetSocketAddress leader = cluster.addresses.get(1L);
        raw = NettyChannelBuilder.forAddress(leader.getHostString(), leader.getPort()).usePlaintext().build();
    }

    @AfterAll
    void stop() throws Exception {
        raw.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        cluster.close();
    }

    @Test
    void theServedMethodsHaveEtcdsFullNames() {
        Set<String> served = new TreeSet<>();
        for (ServerServiceDefinition service : new KvGrpcService(cluster.nodes.servers.get(1L),
                KvGrpcServerOptions.defaults(KvLimits.DEFAULTS)).definitions()) {
            service.getMethods().forEach(method -> served.add(method.getMethodDescriptor().getFullMethodName()));
        }
        assertEquals(new TreeSet<>(List.of("etcdserverpb.KV/Range", "etcdserverpb.KV/Put", "etcdserverpb.KV/DeleteRange",
                "etcdserverpb.KV/Txn", "etcdserverpb.KV/Compact", "etcdserverpb.Lease/LeaseGrant",
                "etcdserverpb.Lease/LeaseRevoke", "etcdserverpb.Lease/LeaseKeepAlive", "etcdserverpb.Lease/LeaseTimeToLive",
                "etcdserverpb.Lease/LeaseLeases", "etcdserverpb.Watch/Watch")), served);
        assertEquals("etcdserverpb.KV/Range", KVGrpc.getRangeMethod().getFullMethodName());
        assertEquals(MethodDescriptor.MethodType.BIDI_STREAMING, LeaseGrpc.getLeaseKeepAliveMethod().getType());
        assertEquals(MethodDescriptor.MethodType.BIDI_STREAMING, WatchGrpc.getWatchMethod().getType());
    }

    @Test
    void aClientThatKnowsOnlyThePathAndTheMessagesIsServed() throws Exception {
        MethodDescriptor<PutRequest, PutResponse> put = MethodDescriptor.<PutRequest, PutResponse>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("etcdserverpb.KV/Put")
                .setRequestMarshaller(ProtoUtils.marshaller(PutRequest.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(PutResponse.getDefaultInstance()))
                .build();
        PutResponse response = ClientCalls.blockingUnaryCall(raw, put, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS),
                PutRequest.newBuilder().setKey(Bytes.of("by-path")).setValue(Bytes.of("v")).build());
        assertEquals(1, response.getHeader().getMemberId());
        var read = KVGrpc.newBlockingStub(raw).range(RangeRequest.newBuilder().setKey(Bytes.of("by-path")).build());
        assertEquals("v", read.getKvs(0).getValue().toStringUtf8());
        assertEquals(response.getHeader().getRevision(), read.getKvs(0).getModRevision());
    }

    /** Collects a stream's responses; {@link #take} waits for the next with a deadline. */
    private static final class Inbox<T> implements StreamObserver<T> {
        final BlockingQueue<T> responses = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        T take() throws InterruptedException {
            T next = responses.poll(GrpcTestCluster.WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(next, "no response within " + GrpcTestCluster.WAIT_SECONDS + " s");
            return next;
        }

        @Override
        public void onNext(T value) {
            responses.add(value);
        }

        @Override
        public void onError(Throwable failure) {
            done.completeExceptionally(failure);
        }

        @Override
        public void onCompleted() {
            done.complete(null);
        }
    }

    @Test
    void aKeepAliveStreamAnswersEachRequestAndEndsWhenTheClientIsDone() throws Exception {
        long a = get(cluster.remote.client().leases().grant(30)).getID();
        long b = get(cluster.remote.client().leases().grant(40)).getID();
        Inbox<LeaseKeepAliveResponse> inbox = new Inbox<>();
        StreamObserver<LeaseKeepAliveRequest> requests = LeaseGrpc.newStub(raw).leaseKeepAlive(inbox);
        for (long id : new long[] {a, b, a, 0x4242}) {
            requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(id).build());
        }
        List<LeaseKeepAliveResponse> answers = List.of(inbox.take(), inbox.take(), inbox.take(), inbox.take());
        assertEquals(List.of(a, b, a, 0x4242L), answers.stream().map(LeaseKeepAliveResponse::getID).toList());
        assertEquals(List.of(30L, 40L, 30L, 0L), answers.stream().map(LeaseKeepAliveResponse::getTTL).toList(),
                "renewed to the granted TTL; TTL 0 for a lease that does not exist");
        requests.onCompleted();
        get(inbox.done);
    }

    private static WatchRequest create(String key, long watchId) {
        return WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder().setKey(Bytes.of(key))
                .setWatchId(watchId)).build();
    }

    @Test
    void aWatchStreamCreatesCancelsAndReportsProgressByWatchId() throws Exception {
        var hub = cluster.nodes.machines.get(1L).watches();
        int baseline = hub.size();
        Inbox<WatchResponse> inbox = new Inbox<>();
        StreamObserver<WatchRequest> requests = WatchGrpc.newStub(raw).watch(inbox);
        requests.onNext(create("w0", 0));
        requests.onNext(create("w1", 0));
        WatchResponse first = inbox.take();
        WatchResponse second = inbox.take();
        assertTrue(first.getCreated() && second.getCreated());
        assertEquals(List.of(0L, 1L), List.of(first.getWatchId(), second.getWatchId()), "etcd numbers a stream's watches from 0");

        requests.onNext(create("w-dup", 1));
        WatchResponse duplicate = inbox.take();
        assertTrue(duplicate.getCreated() && duplicate.getCanceled());
        assertEquals(-1, duplicate.getWatchId());
        assertEquals(ServerWatchStream.DUPLICATE_ID, duplicate.getCancelReason());

        get(cluster.remote.client().kv().put("w0", "x"));
        WatchResponse event = inbox.take();
        assertEquals(0, event.getWatchId());
        assertEquals("w0", event.getEvents(0).getKv().getKey().toStringUtf8());

        requests.onNext(WatchRequest.newBuilder().setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(0)).build());
        WatchResponse canceled = inbox.take();
        assertEquals(0, canceled.getWatchId());
        assertTrue(canceled.getCanceled());

        get(cluster.remote.client().kv().put("w0", "y"));
        long revision = get(cluster.remote.client().kv().put("w1", "z")).getHeader().getRevision();
        WatchResponse onlyW1 = inbox.take();
        assertEquals(1, onlyW1.getWatchId(), "the cancelled watch saw nothing more");
        assertEquals(revision, onlyW1.getHeader().getRevision());

        requests.onNext(WatchRequest.newBuilder().setProgressRequest(WatchProgressRequest.getDefaultInstance()).build());
        WatchResponse progress = inbox.take();
        assertEquals(1, progress.getWatchId());
        assertEquals(0, progress.getEventsCount());
        assertTrue(progress.getHeader().getRevision() >= revision);

        requests.onCompleted();
        get(inbox.done);
        KvTestCluster.await("the stream's end cancelled its watches", () -> hub.size() == baseline);
        assertTrue(inbox.responses.isEmpty(), () -> "nothing after the end: " + inbox.responses.stream()
                .map(WatchResponse::toString).collect(Collectors.joining()));
    }
}
