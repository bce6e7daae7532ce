package io.raftkv.kv.grpc;

import static io.raftkv.kv.grpc.GrpcTestCluster.failure;
import static io.raftkv.kv.grpc.GrpcTestCluster.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.raftkv.kv.KvException;
import io.raftkv.kv.KvLimits;
import io.raftkv.kv.KvRequests;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.proto.KVGrpc;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.LeaseGrpc;
import io.raftkv.kv.proto.LeaseRevokeRequest;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.TxnRequest;
import io.raftkv.raft.runtime.NotLeaderException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each refusal both ways over real gRPC: our client gets the KvException the server refused with
 * (same code, same message), and a plain gRPC client (as an etcd client) gets etcd's status code and
 * description.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcErrorMappingTest {
    private static final KvLimits LIMITS = KvLimits.DEFAULTS.withMaxRequestBytes(4096).withMaxTxnOps(4);
    private GrpcTestCluster cluster;
    private ManagedChannel rawToLeader;

    @BeforeAll
    void start() throws Exception {
        cluster = new GrpcTestCluster(LIMITS);
        cluster.makeLeader(1);
        rawToLeader = channel(cluster.addresses.get(1L));
    }

    @AfterAll
    void stop() throws Exception {
        rawToLeader.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        cluster.close();
    }

    private static ManagedChannel channel(InetSocketAddress address) {
        return NettyChannelBuilder.forAddress(address.getHostString(), address.getPort()).usePlaintext().build();
    }

    /** Our client sees {@code code}; a raw stub's call sees etcd's {@code status} and {@code description}. */
    private void assertBothWays(Function<KvService, CompletableFuture<?>> ours, Consumer<ManagedChannel> raw,
                                KvError.Code code, Status.Code status, String description) {
        KvException refused = assertInstanceOf(KvException.class, failure(ours.apply(cluster.remote.service())));
        assertEquals(code, refused.code(), refused.getMessage());
        StatusRuntimeException etcds = assertThrows(StatusRuntimeException.class, () -> raw.accept(rawToLeader));
        assertEquals(status, etcds.getStatus().getCode());
        assertEquals(description, etcds.getStatus().getDescription());
        assertEquals(code, etcds.getTrailers().get(EtcdStatus.KV_ERROR).getCode());
    }

    @Test
    void anUnknownLeaseIsNotFound() {
        LeaseRevokeRequest revoke = LeaseRevokeRequest.newBuilder().setID(0x1234).build();
        assertBothWays(kv -> kv.leaseRevoke(revoke), raw -> LeaseGrpc.newBlockingStub(raw).leaseRevoke(revoke),
                KvError.Code.LEASE_NOT_FOUND, Status.Code.NOT_FOUND, "etcdserver: requested lease not found");
        KvException refused = assertInstanceOf(KvException.class, failure(cluster.remote.service().leaseRevoke(revoke)));
        assertTrue(refused.getMessage().contains("1234"), "our own message comes through: " + refused.getMessage());
    }

    @Test
    void aReadBelowTheCompactedRevisionIsOutOfRange() throws Exception {
        var kv = cluster.remote.client().kv();
        long first = get(kv.put("compacted", "1")).getHeader().getRevision();
        long second = get(kv.put("compacted", "2")).getHeader().getRevision();
        get(kv.compact(second));
        RangeRequest old = RangeRequest.newBuilder().setKey(Bytes.of("compacted")).setRevision(first).build();
        assertBothWays(service -> service.range(old), raw -> KVGrpc.newBlockingStub(raw).range(old),
                KvError.Code.COMPACTED, Status.Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted");
    }

    @Test
    void aTxnWithTooManyOperationsIsInvalid() {
        TxnRequest.Builder txn = TxnRequest.newBuilder();
        for (int i = 0; i < 5; i++) {
            txn.addSuccess(KvRequests.put("op" + i, "v"));
        }
        TxnRequest tooMany = txn.build();
        assertBothWays(service -> service.txn(tooMany), raw -> KVGrpc.newBlockingStub(raw).txn(tooMany),
                KvError.Code.TOO_MANY_OPS, Status.Code.INVALID_ARGUMENT, "etcdserver: too many operations in txn request");
    }

    @Test
    void aRequestOverTheSizeLimitIsTooLarge() {
        PutRequest big = PutRequest.newBuilder().setKey(Bytes.of("big")).setValue(ByteString.copyFrom(new byte[5000])).build();
        assertBothWays(service -> service.put(big), raw -> KVGrpc.newBlockingStub(raw).put(big),
                KvError.Code.REQUEST_TOO_LARGE, Status.Code.INVALID_ARGUMENT, "etcdserver: request is too large");
    }

    @Test
    void aTxnNamingAKeyTwiceAndAPutWithoutAKeyAreInvalid() {
        TxnRequest twice = TxnRequest.newBuilder().addSuccess(KvRequests.put("dup", "1")).addSuccess(KvRequests.put("dup", "2"))
                .build();
        assertBothWays(service -> service.txn(twice), raw -> KVGrpc.newBlockingStub(raw).txn(twice),
                KvError.Code.DUPLICATE_KEY, Status.Code.INVALID_ARGUMENT, "etcdserver: duplicate key given in txn request");
        PutRequest keyless = PutRequest.newBuilder().setValue(Bytes.of("v")).build();
        assertBothWays(service -> service.put(keyless), raw -> KVGrpc.newBlockingStub(raw).put(keyless),
                KvError.Code.KEY_MISSING, Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided");
    }

    @Test
    void aFollowerAnswersEtcdsNotLeaderWithTheLeaderInATrailer() throws Exception {
        PutRequest put = PutRequest.newBuilder().setKey(Bytes.of("k")).setValue(Bytes.of("v")).build();
        ManagedChannel rawToFollower = channel(cluster.addresses.get(2L));
        try {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                    () -> KVGrpc.newBlockingStub(rawToFollower).put(put));
            assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
            assertEquals("etcdserver: not leader", refused.getStatus().getDescription());
            assertEquals("1", refused.getTrailers().get(EtcdStatus.LEADER));
        } finally {
            rawToFollower.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        NotLeaderException ours = assertInstanceOf(NotLeaderException.class, failure(cluster.remote.member(2).put(put)));
        assertEquals(1, ours.leaderId());
    }
}
