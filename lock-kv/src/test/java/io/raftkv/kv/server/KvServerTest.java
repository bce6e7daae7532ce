package io.raftkv.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KvException;
import io.raftkv.kv.KvLimits;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.api.Cmp;
import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.api.Op;
import io.raftkv.kv.proto.Event;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.PutResponse;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.TxnResponse;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.proto.WatchResponse;
import io.raftkv.raft.runtime.NotLeaderException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KvServerTest {
    private static final KvLimits LIMITS = KvLimits.DEFAULTS.withMaxRequestBytes(4096);
    private KvTestCluster cluster;
    private KvClient client;

    @BeforeEach
    void start() throws Exception {
        cluster = new KvTestCluster(3, LIMITS);
        cluster.awaitLeader();
        client = cluster.client();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> future.get(20, TimeUnit.SECONDS));
        return failed.getCause();
    }

    @Test
    void aPutIsReadBackWithItsRevisionsAndTheHeaderNamesTheNode() throws Exception {
        PutResponse put = get(client.kv().put("k", "v1"));
        long leader = cluster.awaitLeader();
        assertEquals(KvTestCluster.CLUSTER_ID, put.getHeader().getClusterId());
        assertEquals(leader, put.getHeader().getMemberId());
        assertTrue(put.getHeader().getRaftTerm() > 0);
        var kv = get(client.kv().get("k")).orElseThrow();
        assertEquals("v1", kv.getValue().toStringUtf8());
        assertEquals(put.getHeader().getRevision(), kv.getCreateRevision());
        assertEquals(put.getHeader().getRevision(), kv.getModRevision());
        assertEquals(1, kv.getVersion());
    }

    @Test
    void aFollowerRefusesWritesNamingTheLeaderAndServesSerializableReads() throws Exception {
        long leader = cluster.awaitLeader();
        long follower = leader == 1 ? 2 : 1;
        KvServer server = cluster.servers.get(follower);
        Throwable refused = failure(server.put(PutRequest.newBuilder().setKey(Bytes.of("a")).setValue(Bytes.of("b")).build()));
        assertEquals(leader, assertInstanceOf(NotLeaderException.class, refused).leaderId());
        long revision = get(client.kv().put("a", "b")).getHeader().getRevision();
        KvTestCluster.await("the follower applies the put", () -> cluster.machines.get(follower).appliedIndex() > 0
                && server.range(RangeRequest.newBuilder().setKey(Bytes.of("a")).setSerializable(true).build()).join()
                        .getKvsCount() == 1);
        var local = get(server.range(RangeRequest.newBuilder().setKey(Bytes.of("a")).setSerializable(true).build()));
        assertEquals(revision, local.getKvs(0).getModRevision());
        assertInstanceOf(NotLeaderException.class,
                failure(server.range(RangeRequest.newBuilder().setKey(Bytes.of("a")).build())),
                "a linearizable read on a follower goes to the leader");
    }

    @Test
    void theSeedsLockRecipeGrantsOnceAndReportsTheHolder() throws Exception {
        ByteString key = Bytes.of("/cron/lock/job9");
        long lease = get(client.leases().grant(5)).getID();
        TxnResponse first = get(client.kv().txn().when(Cmp.createRevision(key).eq(0))
                .then(Op.put(key, Bytes.of("worker-1"), lease)).otherwise(Op.get(key)).commit());
        assertTrue(first.getSucceeded());
        TxnResponse second = get(client.kv().txn().when(Cmp.createRevision(key).eq(0))
                .then(Op.put(key, Bytes.of("worker-2"), lease)).otherwise(Op.get(key)).commit());
        assertFalse(second.getSucceeded());
        var holder = second.getResponses(0).getResponseRange().getKvs(0);
        assertEquals("worker-1", holder.getValue().toStringUtf8());
        assertEquals(first.getHeader().getRevision(), holder.getCreateRevision(), "the fencing token is the create revision");
        assertEquals(lease, holder.getLease());
        get(client.leases().revoke(lease));
        assertTrue(get(client.kv().get(key)).isEmpty(), "revoking the lease released the lock");
    }

    @Test
    void aLeaseKeptAliveSurvivesAndAnAbandonedOneExpiresOnTheLeaderDeletingItsKeys() throws Exception {
        long kept = get(client.leases().grant(1)).getID();
        long abandoned = get(client.leases().grant(1)).getID();
        get(client.kv().put(Bytes.of("kept"), Bytes.of("x"), kept));
        get(client.kv().put(Bytes.of("abandoned"), Bytes.of("x"), abandoned));
        List<WatchResponse> seen = new CopyOnWriteArrayList<>();
        long follower = cluster.awaitLeader() == 1 ? 2 : 1;
        cluster.servers.get(follower).watch(WatchCreateRequest.newBuilder().setKey(Bytes.of("abandoned")).setStartRevision(1)
                .build(), seen::add);
        KvTestCluster.await("the abandoned lease expires", () -> {
            assertEquals(1, client.leases().keepAliveOnce(kept).join().getTTL(), "the kept lease stays alive");
            return client.kv().get("abandoned").join().isEmpty();
        });
        assertTrue(get(client.kv().get("kept")).isPresent());
        assertEquals(-1, get(client.leases().timeToLive(abandoned, false)).getTTL());
        assertEquals(0, get(client.leases().keepAliveOnce(abandoned)).getTTL(), "a keep-alive for a gone lease says TTL 0");
        KvTestCluster.await("the follower's watch sees the put and the expiry's delete",
                () -> seen.stream().mapToLong(WatchResponse::getEventsCount).sum() == 2);
        List<Event> events = seen.stream().flatMap(r -> r.getEventsList().stream()).toList();
        assertEquals(Event.EventType.PUT, events.get(0).getType());
        assertEquals(Event.EventType.DELETE, events.get(1).getType());
    }

    @Test
    void aNewLeaderGivesEveryLeaseAFullTtlRatherThanItsStaleFollowerDeadline() throws Exception {
        long lease = get(client.leases().grant(2)).getID();
        get(client.kv().put(Bytes.of("held"), Bytes.of("x"), lease));
        long oldLeader = cluster.awaitLeader();
        // Keep-alives reach only the leader: the followers' deadlines, started at the grant, run out.
        long aliveUntil = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < aliveUntil) {
            assertTrue(get(client.leases().keepAliveOnce(lease)).getTTL() > 0);
        }
        cluster.cutOff(oldLeader);
        KvTestCluster.await("a new leader", () -> cluster.rafts.entrySet().stream().anyMatch(e -> e.getKey() != oldLeader
                && e.getValue().status().role() == io.raftkv.raft.Role.LEADER));
        var ttl = get(client.leases().timeToLive(lease, true));
        assertTrue(ttl.getTTL() >= 1, "the new leader restarted the lease's TTL, remaining " + ttl.getTTL() + " s");
        assertEquals(List.of(Bytes.of("held")), ttl.getKeysList());
        assertTrue(get(client.kv().get("held")).isPresent());
    }

    @Test
    void requestsOverALimitOrNamingAnUnknownLeaseChangeNothing() throws Exception {
        long before = get(client.kv().put("x", "1")).getHeader().getRevision();
        KvException tooLarge = assertInstanceOf(KvException.class,
                failure(client.kv().put(Bytes.of("big"), ByteString.copyFrom(new byte[5000]))));
        assertEquals(KvError.Code.REQUEST_TOO_LARGE, tooLarge.code());
        assertTrue(tooLarge.getMessage().contains("4096"), tooLarge.getMessage());
        KvException unknownLease = assertInstanceOf(KvException.class,
                failure(client.kv().put(Bytes.of("y"), Bytes.of("2"), 0x1234)));
        assertEquals(KvError.Code.LEASE_NOT_FOUND, unknownLease.code());
        assertTrue(unknownLease.getMessage().contains("1234"), unknownLease.getMessage());
        var range = get(client.kv().range(RangeRequest.newBuilder().setKey(Bytes.of("x")).build()));
        assertEquals(before, range.getHeader().getRevision(), "no revision was spent on the refused requests");
        assertTrue(get(client.kv().get("y")).isEmpty());
    }
}
