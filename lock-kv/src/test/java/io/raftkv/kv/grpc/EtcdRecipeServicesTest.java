package io.raftkv.kv.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.node.LocalCluster;
import io.raftkv.kv.node.RaftKvNode;
import io.raftkv.kv.proto.CampaignRequest;
import io.raftkv.kv.proto.CampaignResponse;
import io.raftkv.kv.proto.ClusterGrpc;
import io.raftkv.kv.proto.ElectionGrpc;
import io.raftkv.kv.proto.LeaderKey;
import io.raftkv.kv.proto.LeaderRequest;
import io.raftkv.kv.proto.LeaderResponse;
import io.raftkv.kv.proto.LeaseGrantRequest;
import io.raftkv.kv.proto.LeaseGrpc;
import io.raftkv.kv.proto.LockGrpc;
import io.raftkv.kv.proto.LockRequest;
import io.raftkv.kv.proto.LockResponse;
import io.raftkv.kv.proto.MaintenanceGrpc;
import io.raftkv.kv.proto.Member;
import io.raftkv.kv.proto.MemberListRequest;
import io.raftkv.kv.proto.MemberListResponse;
import io.raftkv.kv.proto.ProclaimRequest;
import io.raftkv.kv.proto.ResignRequest;
import io.raftkv.kv.proto.StatusRequest;
import io.raftkv.kv.proto.StatusResponse;
import io.raftkv.kv.proto.UnlockRequest;
import io.raftkv.kv.proto.UnlockResponse;
import io.raftkv.raft.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * etcd's Lock, Election, Cluster.MemberList and Maintenance.Status over a three-node cluster in
 * this JVM ({@link LocalCluster}: real nodes, each serving gRPC on its client URL), reached only
 * through the generated stubs, as an etcd client would.
 */
class EtcdRecipeServicesTest {
    private static final long WAIT_SECONDS = GrpcTestCluster.WAIT_SECONDS;

    private static LocalCluster cluster;
    private static final Map<Long, ManagedChannel> channels = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(3, null, builder -> builder.heartbeatIntervalMs(25).electionTimeoutMs(250));
        for (long id : cluster.ids()) {
            channels.put(id, NettyChannelBuilder.forAddress(cluster.node(id).clientAddress().orElseThrow())
                    .usePlaintext().build());
        }
        awaitLeader();
    }

    @AfterAll
    static void stop() throws Exception {
        for (ManagedChannel channel : channels.values()) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aSecondLockWaitsUntilTheFirstIsUnlocked() throws Exception {
        ByteString name = Bytes.of("/grpc-lock/job");
        long first = grantLease();
        long second = grantLease();
        LockGrpc.LockBlockingStub one = LockGrpc.newBlockingStub(channel(0)).withDeadlineAfter(WAIT_SECONDS, TimeUnit.SECONDS);
        LockResponse held = one.lock(LockRequest.newBuilder().setName(name).setLease(first).build());
        assertEquals("/grpc-lock/job/" + Long.toHexString(first), held.getKey().toStringUtf8());
        assertTrue(held.getHeader().getRevision() > 0);

        ListenableFuture<LockResponse> waiting = LockGrpc.newFutureStub(channel(1))
                .lock(LockRequest.newBuilder().setName(name).setLease(second).build());
        assertThrows(TimeoutException.class, () -> waiting.get(500, TimeUnit.MILLISECONDS));

        UnlockResponse unlocked = one.unlock(UnlockRequest.newBuilder().setKey(held.getKey()).build());
        LockResponse next = waiting.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("/grpc-lock/job/" + Long.toHexString(second), next.getKey().toStringUtf8());
        assertTrue(next.getHeader().getRevision() >= unlocked.getHeader().getRevision());
        LockGrpc.newBlockingStub(channel(2)).unlock(UnlockRequest.newBuilder().setKey(next.getKey()).build());
    }

    @Test
    void aCancelledLockGivesUpItsPlace() throws Exception {
        ByteString name = Bytes.of("/grpc-lock/cancelled");
        long first = grantLease();
        long second = grantLease();
        long third = grantLease();
        LockGrpc.LockBlockingStub one = LockGrpc.newBlockingStub(channel(0)).withDeadlineAfter(WAIT_SECONDS, TimeUnit.SECONDS);
        LockResponse held = one.lock(LockRequest.newBuilder().setName(name).setLease(first).build());
        // The second gives up by its deadline; its key must not stand between the first and the third.
        StatusRuntimeException expired = assertThrows(StatusRuntimeException.class, () -> LockGrpc.newBlockingStub(channel(1))
                .withDeadlineAfter(300, TimeUnit.MILLISECONDS).lock(LockRequest.newBuilder().setName(name).setLease(second).build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, expired.getStatus().getCode());
        ListenableFuture<LockResponse> waiting = LockGrpc.newFutureStub(channel(2))
                .lock(LockRequest.newBuilder().setName(name).setLease(third).build());
        one.unlock(UnlockRequest.newBuilder().setKey(held.getKey()).build());
        assertEquals("/grpc-lock/cancelled/" + Long.toHexString(third),
                waiting.get(WAIT_SECONDS, TimeUnit.SECONDS).getKey().toStringUtf8());
    }

    @Test
    void theNewServicesHaveEtcdsFullNames() {
        assertEquals("v3lockpb.Lock/Lock", LockGrpc.getLockMethod().getFullMethodName());
        assertEquals("v3lockpb.Lock/Unlock", LockGrpc.getUnlockMethod().getFullMethodName());
        assertEquals("v3electionpb.Election/Campaign", ElectionGrpc.getCampaignMethod().getFullMethodName());
        assertEquals("v3electionpb.Election/Proclaim", ElectionGrpc.getProclaimMethod().getFullMethodName());
        assertEquals("v3electionpb.Election/Leader", ElectionGrpc.getLeaderMethod().getFullMethodName());
        assertEquals("v3electionpb.Election/Observe", ElectionGrpc.getObserveMethod().getFullMethodName());
        assertEquals("v3electionpb.Election/Resign", ElectionGrpc.getResignMethod().getFullMethodName());
        assertEquals("etcdserverpb.Cluster/MemberList", ClusterGrpc.getMemberListMethod().getFullMethodName());
        assertEquals("etcdserverpb.Maintenance/Status", MaintenanceGrpc.getStatusMethod().getFullMethodName());
    }

    @Test
    void aLockWithALeaseThatIsGoneIsRefusedAsEtcdRefusesIt() {
        long lease = grantLease();
        RaftKvNode leader = awaitLeader();
        LeaseGrpc.newBlockingStub(channels.get(leader.id()))
                .leaseRevoke(io.raftkv.kv.proto.LeaseRevokeRequest.newBuilder().setID(lease).build());
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> LockGrpc.newBlockingStub(channel(1))
                .withDeadlineAfter(WAIT_SECONDS, TimeUnit.SECONDS)
                .lock(LockRequest.newBuilder().setName(Bytes.of("/grpc-lock/gone")).setLease(lease).build()));
        assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode());
        assertEquals("etcdserver: requested lease not found", refused.getStatus().getDescription());
    }

    @Test
    void aLockWithoutALeaseIsRefused() {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> LockGrpc.newBlockingStub(channel(0))
                .lock(LockRequest.newBuilder().setName(Bytes.of("/grpc-lock/none")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
    }

    @Test
    void campaignProclaimLeaderObserveResign() throws Exception {
        ByteString name = Bytes.of("/grpc-election/e1");
        long first = grantLease();
        long second = grantLease();
        List<String> observed = new CopyOnWriteArrayList<>();
        ElectionGrpc.newStub(channel(2)).observe(LeaderRequest.newBuilder().setName(name).build(), new StreamObserver<>() {
            @Override
            public void onNext(LeaderResponse response) {
                observed.add(response.getKv().getValue().toStringUtf8());
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
        ElectionGrpc.ElectionBlockingStub one = ElectionGrpc.newBlockingStub(channel(0))
                .withDeadlineAfter(WAIT_SECONDS, TimeUnit.SECONDS);

        StatusRuntimeException nobody = assertThrows(StatusRuntimeException.class,
                () -> one.leader(LeaderRequest.newBuilder().setName(name).build()));
        assertEquals(RecipeRpcs.NO_LEADER, nobody.getStatus().getDescription());

        CampaignResponse won = one.campaign(CampaignRequest.newBuilder().setName(name).setLease(first)
                .setValue(Bytes.of("a")).build());
        LeaderKey leader = won.getLeader();
        assertEquals(name, leader.getName());
        assertEquals("/grpc-election/e1/" + Long.toHexString(first), leader.getKey().toStringUtf8());
        assertEquals(first, leader.getLease());
        assertTrue(leader.getRev() > 0);
        assertEquals("a", leaderValue(one, name));

        ListenableFuture<CampaignResponse> waiting = ElectionGrpc.newFutureStub(channel(1))
                .campaign(CampaignRequest.newBuilder().setName(name).setLease(second).setValue(Bytes.of("b")).build());
        assertThrows(TimeoutException.class, () -> waiting.get(500, TimeUnit.MILLISECONDS));

        await(() -> observed.equals(List.of("a")), () -> "observed " + observed);
        one.proclaim(ProclaimRequest.newBuilder().setLeader(leader).setValue(Bytes.of("a2")).build());
        assertEquals("a2", leaderValue(one, name));
        assertFalse(waiting.isDone());

        one.resign(ResignRequest.newBuilder().setLeader(leader).build());
        LeaderKey next = waiting.get(WAIT_SECONDS, TimeUnit.SECONDS).getLeader();
        assertEquals("/grpc-election/e1/" + Long.toHexString(second), next.getKey().toStringUtf8());
        assertTrue(next.getRev() > leader.getRev());
        assertEquals("b", leaderValue(one, name));

        // The old leadership may no longer proclaim; resigning it again is harmless.
        StatusRuntimeException stale = assertThrows(StatusRuntimeException.class, () -> one.proclaim(
                ProclaimRequest.newBuilder().setLeader(leader).setValue(Bytes.of("late")).build()));
        assertEquals(RecipeRpcs.NOT_LEADER, stale.getStatus().getDescription());
        one.resign(ResignRequest.newBuilder().setLeader(leader).build());
        assertEquals("b", leaderValue(one, name));

        await(() -> observed.equals(List.of("a", "a2", "b")), () -> "observed " + observed);
        one.resign(ResignRequest.newBuilder().setLeader(next).build());
    }

    @Test
    void memberListNamesTheThreeMembers() {
        for (int i = 0; i < 3; i++) {
            MemberListResponse answer = ClusterGrpc.newBlockingStub(channel(i)).memberList(MemberListRequest.getDefaultInstance());
            List<Long> ids = new ArrayList<>();
            for (Member member : answer.getMembersList()) {
                ids.add(member.getID());
                RaftKvNode node = cluster.node(member.getID());
                assertEquals(node.name(), member.getName());
                assertEquals(1, member.getPeerURLsCount());
            }
            assertEquals(cluster.ids(), ids);
            long self = cluster.ids().get(i);
            assertEquals(self, answer.getHeader().getMemberId());
            Member me = answer.getMembersList().stream().filter(m -> m.getID() == self).findFirst().orElseThrow();
            assertEquals(List.of(cluster.node(self).clientUrl().orElseThrow().toString()), me.getClientURLsList());
            assertEquals(List.of(cluster.node(self).peerUrl().toString()), me.getPeerURLsList());
        }
    }

    @Test
    void statusReportsTheLeaderAndTheTerm() {
        RaftKvNode leader = awaitLeader();
        for (int i = 0; i < 3; i++) {
            long self = cluster.ids().get(i);
            StatusResponse status = MaintenanceGrpc.newBlockingStub(channel(i)).status(StatusRequest.getDefaultInstance());
            assertEquals(leader.id(), status.getLeader());
            assertEquals(leader.status().term(), status.getRaftTerm());
            assertEquals(status.getRaftTerm(), status.getHeader().getRaftTerm());
            assertEquals(self, status.getHeader().getMemberId());
            assertTrue(status.getVersion().startsWith("3.5."), status.getVersion());
            assertTrue(status.getRaftIndex() > 0);
            assertTrue(status.getRaftAppliedIndex() > 0);
            assertTrue(status.getDbSize() > 0);
        }
    }

    private static String leaderValue(ElectionGrpc.ElectionBlockingStub stub, ByteString name) {
        return stub.leader(LeaderRequest.newBuilder().setName(name).build()).getKv().getValue().toStringUtf8();
    }

    private static ManagedChannel channel(int index) {
        return channels.get(cluster.ids().get(index));
    }

    private static long grantLease() {
        RaftKvNode leader = awaitLeader();
        return LeaseGrpc.newBlockingStub(channels.get(leader.id())).withDeadlineAfter(WAIT_SECONDS, TimeUnit.SECONDS)
                .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(30).build()).getID();
    }

    private static RaftKvNode awaitLeader() {
        await(() -> cluster.leader().filter(node -> node.status().role() == Role.LEADER).isPresent()
                && cluster.ids().stream().allMatch(id -> cluster.node(id).status().leaderId() == cluster.leader().get().id()),
                () -> "a leader all members know: " + cluster.statuses());
        return cluster.leader().orElseThrow();
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
