package io.raftkv.kv.etcdcompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.DeleteResponse;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * jetcd, etcd's Java client, against a three-node raftkv cluster over gRPC: KV, Txn, Lease and
 * Watch, and the seed's lock recipe written as a Go client writes it. (Lock, Election, Cluster and
 * Maintenance are not served yet, so their jetcd clients are not exercised here.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JetcdCompatTest {
    private EtcdCompatCluster cluster;
    private Client client;
    private Client other;

    @BeforeAll
    void start() throws Exception {
        cluster = new EtcdCompatCluster();
        String leader = cluster.leaderEndpoint();
        client = Client.builder().endpoints(leader).build();
        other = Client.builder().endpoints(leader).build();
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (other != null) {
            other.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    private static String text(ByteSequence bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    @Test
    void putGetDeleteWithPrefixAndRevision() throws Exception {
        KV kv = client.getKVClient();
        PutResponse first = get(kv.put(bytes("/kv/a"), bytes("1")));
        long afterFirst = first.getHeader().getRevision();
        get(kv.put(bytes("/kv/b"), bytes("2")));
        PutResponse overwrite = get(kv.put(bytes("/kv/a"), bytes("3"), PutOption.builder().withPrevKV().build()));
        assertTrue(overwrite.hasPrevKv());
        assertEquals("1", text(overwrite.getPrevKv().getValue()));

        GetResponse all = get(kv.get(bytes("/kv/"), GetOption.builder().isPrefix(true).build()));
        assertEquals(2, all.getCount());
        assertEquals(List.of("/kv/a", "/kv/b"), all.getKvs().stream().map(k -> text(k.getKey())).toList());
        KeyValue a = all.getKvs().get(0);
        assertEquals("3", text(a.getValue()));
        assertEquals(afterFirst, a.getCreateRevision());
        assertEquals(2, a.getVersion());

        GetResponse old = get(kv.get(bytes("/kv/"), GetOption.builder().isPrefix(true).withRevision(afterFirst).build()));
        assertEquals(1, old.getCount());
        assertEquals("1", text(old.getKvs().get(0).getValue()));

        DeleteResponse deleted = get(kv.delete(bytes("/kv/"), DeleteOption.builder().isPrefix(true).withPrevKV(true).build()));
        assertEquals(2, deleted.getDeleted());
        assertEquals(2, deleted.getPrevKvs().size());
        assertEquals(0, get(kv.get(bytes("/kv/"), GetOption.builder().isPrefix(true).build())).getCount());
    }

    @Test
    void txnCreatesIfAbsentElseGets() throws Exception {
        KV kv = client.getKVClient();
        ByteSequence key = bytes("/txn/k");
        Cmp absent = new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0));
        TxnResponse created = get(kv.txn().If(absent).Then(Op.put(key, bytes("mine"), PutOption.DEFAULT))
                .Else(Op.get(key, GetOption.DEFAULT)).commit());
        assertTrue(created.isSucceeded());
        assertEquals(1, created.getPutResponses().size());

        TxnResponse existing = get(kv.txn().If(absent).Then(Op.put(key, bytes("theirs"), PutOption.DEFAULT))
                .Else(Op.get(key, GetOption.DEFAULT)).commit());
        assertFalse(existing.isSucceeded());
        assertEquals("mine", text(existing.getGetResponses().get(0).getKvs().get(0).getValue()));

        TxnResponse valueCompare = get(kv.txn().If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.value(bytes("mine"))))
                .Then(Op.delete(key, DeleteOption.DEFAULT)).commit());
        assertTrue(valueCompare.isSucceeded());
        assertEquals(1, valueCompare.getDeleteResponses().get(0).getDeleted());
    }

    @Test
    void leaseGrantKeepAliveTimeToLiveRevoke() throws Exception {
        Lease lease = client.getLeaseClient();
        KV kv = client.getKVClient();
        long id = get(lease.grant(5)).getID();
        get(kv.put(bytes("/lease/k"), bytes("v"), PutOption.builder().withLeaseId(id).build()));

        assertEquals(5, get(lease.keepAliveOnce(id)).getTTL());
        BlockingQueue<LeaseKeepAliveResponse> renewals = new LinkedBlockingQueue<>();
        try (var keepAlive = lease.keepAlive(id, new StreamObserver<>() {
            @Override
            public void onNext(LeaseKeepAliveResponse response) {
                renewals.add(response);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        })) {
            LeaseKeepAliveResponse renewal = renewals.poll(20, TimeUnit.SECONDS);
            assertTrue(renewal != null, "a keep-alive response");
            assertEquals(id, renewal.getID());
            assertEquals(5, renewal.getTTL());
        }
        var live = get(lease.timeToLive(id, LeaseOption.builder().withAttachedKeys().build()));
        assertEquals(5, live.getGrantedTTL());
        assertTrue(live.getTTL() > 0 && live.getTTL() <= 5, "remaining TTL " + live.getTTL());
        assertEquals(List.of("/lease/k"), live.getKeys().stream().map(JetcdCompatTest::text).toList());

        get(lease.revoke(id));
        assertEquals(0, get(kv.get(bytes("/lease/k"))).getCount());
        assertEquals(-1, get(lease.timeToLive(id, LeaseOption.DEFAULT)).getTTL());
    }

    @Test
    void watchSeesEventsInOrder() throws Exception {
        KV kv = client.getKVClient();
        Watch watch = client.getWatchClient();
        long start = get(kv.put(bytes("/w/a"), bytes("0"))).getHeader().getRevision();
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        try (Watch.Watcher watcher = watch.watch(bytes("/w/"),
                WatchOption.builder().isPrefix(true).withRevision(start).withPrevKV(true).build(),
                response -> events.addAll(response.getEvents()))) {
            get(kv.put(bytes("/w/b"), bytes("1")));
            get(kv.put(bytes("/w/a"), bytes("2")));
            get(kv.delete(bytes("/w/b")));
            EtcdCompatCluster.await("four watch events, got " + events, () -> events.size() >= 4);
        }
        assertEquals(4, events.size(), events.toString());
        assertEquals(List.of(WatchEvent.EventType.PUT, WatchEvent.EventType.PUT, WatchEvent.EventType.PUT,
                WatchEvent.EventType.DELETE), events.stream().map(WatchEvent::getEventType).toList());
        assertEquals(List.of("/w/a", "/w/b", "/w/a", "/w/b"),
                events.stream().map(e -> text(e.getKeyValue().getKey())).toList());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(start + i, events.get(i).getKeyValue().getModRevision());
        }
        assertEquals("0", text(events.get(2).getPrevKV().getValue()));
    }

    /** The seed's lock: grant 5 s, keep alive, If(CreateRevision(key) == 0) Then(Put with lease) Else(Get). */
    @Test
    void theSeedsLockRecipe() throws Exception {
        ByteSequence key = bytes("/locks/seed");
        Lease leases = client.getLeaseClient();
        Lease otherLeases = other.getLeaseClient();
        long mine = get(leases.grant(5)).getID();
        long theirs = get(otherLeases.grant(5)).getID();
        StreamObserver<LeaseKeepAliveResponse> ignore = new StreamObserver<>() {
            @Override
            public void onNext(LeaseKeepAliveResponse value) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        };
        try (var keepMine = leases.keepAlive(mine, ignore); var keepTheirs = otherLeases.keepAlive(theirs, ignore)) {
            TxnResponse acquired = tryLock(client, key, mine, "holder-1");
            assertTrue(acquired.isSucceeded());

            TxnResponse refused = tryLock(other, key, theirs, "holder-2");
            assertFalse(refused.isSucceeded());
            KeyValue holder = refused.getGetResponses().get(0).getKvs().get(0);
            assertEquals("holder-1", text(holder.getValue()));
            assertEquals(mine, holder.getLease());

            get(leases.revoke(mine));
            TxnResponse taken = tryLock(other, key, theirs, "holder-2");
            assertTrue(taken.isSucceeded());
            KeyValue now = get(client.getKVClient().get(key)).getKvs().get(0);
            assertEquals("holder-2", text(now.getValue()));
            assertEquals(theirs, now.getLease());
            get(otherLeases.revoke(theirs));
        }
    }

    /**
     * A follower forwards writes and linearizable reads to the leader, as etcd's do, so a jetcd
     * client may be given any member (jetcd spreads its calls over all of them).
     */
    @Test
    void writesAndReadsThroughAFollowerReachTheLeader() throws Exception {
        try (Client follower = Client.builder().endpoints(cluster.followerEndpoint()).build()) {
            long revision = get(follower.getKVClient().put(bytes("/forwarded/jetcd"), bytes("v"))).getHeader()
                    .getRevision();
            var read = get(follower.getKVClient().get(bytes("/forwarded/jetcd")));
            assertEquals(1, read.getCount());
            assertEquals(revision, read.getKvs().get(0).getModRevision());
        }
    }

    @Test
    void lockServiceQueuesASecondHolderUntilTheFirstUnlocks() throws Exception {
        long first = get(client.getLeaseClient().grant(30)).getID();
        long second = get(other.getLeaseClient().grant(30)).getID();
        ByteSequence name = bytes("/jetcd/lock");
        ByteSequence held = get(client.getLockClient().lock(name, first)).getKey();
        assertTrue(held.toString(StandardCharsets.UTF_8).startsWith("/jetcd/lock/"), held.toString());
        CompletableFuture<io.etcd.jetcd.lock.LockResponse> waiting = other.getLockClient().lock(name, second);
        assertFalse(waiting.isDone(), "the second locker waits while the first holds");
        get(client.getLockClient().unlock(held));
        ByteSequence next = get(waiting).getKey();
        assertTrue(next.toString(StandardCharsets.UTF_8).endsWith(Long.toHexString(second)), next.toString());
        get(other.getLockClient().unlock(next));
    }

    @Test
    void electionServiceCampaignProclaimLeaderResign() throws Exception {
        long lease = get(client.getLeaseClient().grant(30)).getID();
        ByteSequence name = bytes("/jetcd/election");
        var campaign = get(client.getElectionClient().campaign(name, lease, bytes("alpha")));
        assertEquals("alpha", get(other.getElectionClient().leader(name)).getKv().getValue()
                .toString(StandardCharsets.UTF_8));
        get(client.getElectionClient().proclaim(campaign.getLeader(), bytes("beta")));
        assertEquals("beta", get(other.getElectionClient().leader(name)).getKv().getValue()
                .toString(StandardCharsets.UTF_8));
        get(client.getElectionClient().resign(campaign.getLeader()));
        Throwable none = assertThrows(ExecutionException.class, () -> get(other.getElectionClient().leader(name)))
                .getCause();
        assertTrue(none instanceof io.etcd.jetcd.election.NoLeaderException,
                "jetcd recognises etcd's 'election: no leader': " + none);
    }

    private static TxnResponse tryLock(Client client, ByteSequence key, long lease, String value) throws Exception {
        return get(client.getKVClient().txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(key, bytes(value), PutOption.builder().withLeaseId(lease).build()))
                .Else(Op.get(key, GetOption.DEFAULT))
                .commit());
    }
}
