package io.raftkv.kv.grpc;

import static io.raftkv.kv.grpc.GrpcTestCluster.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.kv.KvLimits;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.api.WatchHandle;
import io.raftkv.kv.proto.Event;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.proto.WatchResponse;
import io.raftkv.kv.server.KvTestCluster;
import io.raftkv.kv.watch.WatchHub;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Watches over gRPC: many on one stream, each seeing its own events; cancel; progress; the stream's end. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteWatchTest {
    private GrpcTestCluster cluster;
    private KvClient client;
    private long leader;

    @BeforeAll
    void start() throws Exception {
        cluster = new GrpcTestCluster(KvLimits.DEFAULTS);
        cluster.makeLeader(1);
        leader = 1;
        client = cluster.remote.client();
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    /** The responses one watch received, in order. */
    private static final class Seen {
        final List<WatchResponse> responses = new CopyOnWriteArrayList<>();

        List<Event> events() {
            return responses.stream().flatMap(r -> r.getEventsList().stream()).toList();
        }

        boolean canceled() {
            return responses.stream().anyMatch(WatchResponse::getCanceled);
        }

        long watchId() {
            return responses.get(0).getWatchId();
        }
    }

    private WatchHub hub() {
        return cluster.nodes.machines.get(leader).watches();
    }

    @Test
    void manyWatchesShareOneStreamAndEachSeesOnlyItsKeys() throws Exception {
        int baseline = hub().size();
        try (RemoteKvService member = cluster.connect(leader, GrpcTestCluster.CLIENT_OPTIONS)) {
            List<Seen> seen = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Seen watch = new Seen();
                seen.add(watch);
                member.watch(WatchCreateRequest.newBuilder().setKey(Bytes.of("many/" + i)).build(), watch.responses::add);
            }
            KvTestCluster.await("20 watches created", () -> seen.stream().allMatch(s -> !s.responses.isEmpty()));
            // Ids are the stream's own, from 0 (etcd's numbering), so one stream carries all 20.
            assertEquals(LongStream.range(0, 20).boxed().toList(),
                    seen.stream().map(Seen::watchId).sorted().toList());
            assertEquals(baseline + 20, hub().size());
            for (int i = 0; i < 20; i++) {
                get(client.kv().put("many/" + i, "v" + i));
            }
            KvTestCluster.await("each watch sees its put", () -> seen.stream().allMatch(s -> s.events().size() == 1));
            for (int i = 0; i < 20; i++) {
                Seen watch = seen.get(i);
                Event event = watch.events().get(0);
                assertEquals("many/" + i, event.getKv().getKey().toStringUtf8());
                assertEquals("v" + i, event.getKv().getValue().toStringUtf8());
                assertTrue(watch.responses.stream().allMatch(r -> r.getWatchId() == watch.watchId()),
                        "every response of a watch carries its id");
            }
        }
        KvTestCluster.await("closing the client's stream cancelled every watch on the member", () -> hub().size() == baseline);
    }

    @Test
    void aCancelledWatchSaysCanceledAndSeesNothingMore() throws Exception {
        Seen cancelled = new Seen();
        Seen marker = new Seen();
        WatchHandle handle = client.watches().watch(Bytes.of("cancel/a"), 0, cancelled.responses::add);
        client.watches().watch(Bytes.of("cancel/b"), 0, marker.responses::add);
        KvTestCluster.await("both created", () -> !cancelled.responses.isEmpty() && !marker.responses.isEmpty());
        get(client.kv().put("cancel/a", "1"));
        KvTestCluster.await("the event", () -> cancelled.events().size() == 1);
        handle.cancel();
        KvTestCluster.await("canceled", cancelled::canceled);
        get(client.kv().put("cancel/a", "2"));
        get(client.kv().put("cancel/b", "1"));
        KvTestCluster.await("the later watch sees the last put", () -> marker.events().size() == 1);
        assertEquals(1, cancelled.events().size(), "nothing after the cancel");
    }

    @Test
    void aProgressRequestReportsTheRevisionSeen() throws Exception {
        Seen seen = new Seen();
        WatchHandle handle = client.watches().watch(Bytes.of("progress"), 0, seen.responses::add);
        KvTestCluster.await("created", () -> !seen.responses.isEmpty());
        long revision = get(client.kv().put("elsewhere", "x")).getHeader().getRevision();
        handle.requestProgress();
        KvTestCluster.await("a progress response", () -> seen.responses.stream()
                .anyMatch(r -> !r.getCreated() && r.getEventsCount() == 0 && r.getHeader().getRevision() >= revision));
        handle.cancel();
    }

    @Test
    void aWatchFromACompactedRevisionIsCanceledWithTheCompactedRevision() throws Exception {
        long first = get(client.kv().put("history", "1")).getHeader().getRevision();
        long second = get(client.kv().put("history", "2")).getHeader().getRevision();
        get(client.kv().compact(second));
        Seen seen = new Seen();
        client.watches().watch(Bytes.of("history"), first, seen.responses::add);
        KvTestCluster.await("canceled", seen::canceled);
        WatchResponse canceled = seen.responses.stream().filter(WatchResponse::getCanceled).findFirst().orElseThrow();
        assertEquals(second, canceled.getCompactRevision());
        assertTrue(seen.responses.get(0).getCreated());
    }

    @Test
    void aRefusedCreateIsAnsweredCreatedAndCanceledAndTheStreamGoesOn() throws Exception {
        Seen refused = new Seen();
        client.watches().watch(WatchCreateRequest.newBuilder().setKey(Bytes.of("x")).setStartRevision(-1).build(),
                refused.responses::add);
        Seen after = new Seen();
        client.watches().watch(Bytes.of("after-refusal"), 0, after.responses::add);
        KvTestCluster.await("both answered", () -> refused.canceled() && !after.responses.isEmpty());
        assertTrue(refused.responses.get(0).getCreated());
        assertTrue(refused.responses.get(0).getCancelReason().contains("start revision"),
                refused.responses.get(0).getCancelReason());
        get(client.kv().put("after-refusal", "1"));
        KvTestCluster.await("the next watch on the stream works", () -> after.events().size() == 1);
        assertFalse(after.canceled());
    }

    @Test
    void whenTheMemberGoesAwayEveryWatchOnTheStreamIsCanceledWithTheReason() throws Exception {
        try (GrpcTestCluster own = new GrpcTestCluster(KvLimits.DEFAULTS)) {
            long ownLeader = own.awaitLeader();
            RemoteKvService member = own.remote.member(ownLeader);
            Seen a = new Seen();
            Seen b = new Seen();
            member.watch(WatchCreateRequest.newBuilder().setKey(Bytes.of("a")).build(), a.responses::add);
            member.watch(WatchCreateRequest.newBuilder().setKey(Bytes.of("b")).build(), b.responses::add);
            KvTestCluster.await("both created", () -> !a.responses.isEmpty() && !b.responses.isEmpty());
            own.stopServer(ownLeader);
            KvTestCluster.await("both canceled", () -> a.canceled() && b.canceled());
            WatchResponse last = a.responses.get(a.responses.size() - 1);
            assertEquals(0, last.getCompactRevision(), "not a compaction: a recipe must not restart as if it were");
            assertTrue(last.getCancelReason().contains("member " + ownLeader), last.getCancelReason());
            KvTestCluster.await("the member's watches were cancelled with the stream",
                    () -> own.nodes.machines.get(ownLeader).watches().size() == 0);
        }
    }
}
