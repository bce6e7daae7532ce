package io.raftkv.kv.grpc;

import static io.raftkv.kv.grpc.GrpcTestCluster.failure;
import static io.raftkv.kv.grpc.GrpcTestCluster.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KvLimits;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.api.Cmp;
import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.api.Op;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.PutResponse;
import io.raftkv.kv.proto.TxnResponse;
import io.raftkv.kv.server.KvTestCluster;
import io.raftkv.raft.runtime.NotLeaderException;
import io.raftkv.raft.runtime.RaftException;
import io.raftkv.raft.runtime.RequestRejectedException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A cluster reached only through gRPC: the KV and lease API, and finding the leader. */
class RemoteClusterTest {
    private GrpcTestCluster cluster;
    private KvClient client;

    @BeforeEach
    void start() throws Exception {
        cluster = new GrpcTestCluster(KvLimits.DEFAULTS);
        cluster.awaitLeader();
        client = cluster.remote.client();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void putGetTxnAndDeleteGoThroughGrpcWithTheLeadersHeaders() throws Exception {
        PutResponse put = get(client.kv().put("k", "v1"));
        assertEquals(KvTestCluster.CLUSTER_ID, put.getHeader().getClusterId());
        assertEquals(cluster.awaitLeader(), put.getHeader().getMemberId());
        var kv = get(client.kv().get("k")).orElseThrow();
        assertEquals("v1", kv.getValue().toStringUtf8());
        assertEquals(put.getHeader().getRevision(), kv.getModRevision());

        ByteString key = Bytes.of("/cron/lock/job9");
        TxnResponse first = get(client.kv().txn().when(Cmp.createRevision(key).eq(0))
                .then(Op.put(key, Bytes.of("worker-1"))).otherwise(Op.get(key)).commit());
        TxnResponse second = get(client.kv().txn().when(Cmp.createRevision(key).eq(0))
                .then(Op.put(key, Bytes.of("worker-2"))).otherwise(Op.get(key)).commit());
        assertTrue(first.getSucceeded());
        assertFalse(second.getSucceeded());
        assertEquals("worker-1", second.getResponses(0).getResponseRange().getKvs(0).getValue().toStringUtf8());

        assertEquals(1, get(client.kv().delete(Bytes.of("k"))).getDeleted());
        assertTrue(get(client.kv().get("k")).isEmpty());
    }

    @Test
    void aLeaseIsGrantedKeptAliveAndRevokedTakingItsKeys() throws Exception {
        long lease = get(client.leases().grant(5)).getID();
        get(client.kv().put(Bytes.of("held"), Bytes.of("x"), lease));
        assertEquals(5, get(client.leases().keepAliveOnce(lease)).getTTL());
        var ttl = get(client.leases().timeToLive(lease, true));
        assertEquals(5, ttl.getGrantedTTL());
        assertEquals(List.of(Bytes.of("held")), ttl.getKeysList());
        assertTrue(get(client.leases().list()).getLeasesList().stream().anyMatch(l -> l.getID() == lease));

        get(client.leases().revoke(lease));
        assertTrue(get(client.kv().get("held")).isEmpty(), "the revoked lease's key is gone");
        assertEquals(0, get(client.leases().keepAliveOnce(lease)).getTTL(), "a keep-alive for a gone lease says TTL 0");
        assertEquals(-1, get(client.leases().timeToLive(lease, false)).getTTL());
    }

    @Test
    void aFollowersAnswerNamesTheLeaderAndTheRouterFollowsIt() throws Exception {
        // The router tries member 1 first; make it a follower, so the first answer is "not leader".
        cluster.makeLeader(3);
        try (RemoteKvService follower = cluster.connect(1, GrpcTestCluster.CLIENT_OPTIONS)) {
            NotLeaderException refused = assertInstanceOf(NotLeaderException.class,
                    failure(follower.put(PutRequest.newBuilder().setKey(Bytes.of("a")).setValue(Bytes.of("b")).build())));
            assertEquals(3, refused.leaderId());
            assertTrue(refused.certainlyNotApplied());
        }
        // Two attempts: member 1, then the leader it names. Without the hint the second would go to member 2.
        try (RemoteCluster twoTries = RemoteCluster.connect(cluster.addresses, GrpcTestCluster.CLIENT_OPTIONS.withRetries(2, 0))) {
            PutResponse put = get(twoTries.client().kv().put("followed", "yes"));
            assertEquals(3, put.getHeader().getMemberId());
        }
    }

    @Test
    void aStoppedLeadersEndpointIsCertainlyNotAppliedAndTheRouterMovesOnToTheNextLeader() throws Exception {
        cluster.makeLeader(1);
        assertEquals(1, get(client.kv().put("before", "1")).getHeader().getMemberId());
        try (RemoteKvService stopped = cluster.connect(1, GrpcTestCluster.CLIENT_OPTIONS)) {
            cluster.stopServer(1);
            cluster.nodes.cutOff(1);
            Throwable unreachable = failure(stopped.put(PutRequest.newBuilder().setKey(Bytes.of("a")).setValue(Bytes.of("b"))
                    .build()));
            assertInstanceOf(RequestRejectedException.class, unreachable, "nothing was sent, so nothing happened");
            assertTrue(((RaftException) unreachable).certainlyNotApplied());
        }
        PutResponse after = get(client.kv().put("after", "2"));
        assertNotEquals(1, after.getHeader().getMemberId());
        assertEquals("1", get(client.kv().get("before")).orElseThrow().getValue().toStringUtf8());
    }
}
