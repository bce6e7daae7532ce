package io.raftkv.kv.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.kv.api.KvService;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.recipe.Session;
import io.raftkv.raft.Role;
import io.raftkv.raft.runtime.NotLeaderException;
import io.raftkv.raft.runtime.SnapshotOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LocalClusterTest {
    /** Fast elections, and snapshots every few entries so that a restarted member may catch up by snapshot. */
    static final Consumer<NodeConfig.Builder> FAST = builder -> builder.heartbeatIntervalMs(25).electionTimeoutMs(250)
            .snapshotOptions(SnapshotOptions.builder().snapshotThresholdEntries(8).trailingEntries(2).build());

    @Test
    void threeMembersElectCommitSurviveTheLeaderStoppingAndTheRestartedLeaderCatchesUp() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(3, null, FAST)) {
            RaftKvNode leader = awaitLeader(cluster);
            long firstRevision = put(leader.service(), "/k", "v1");
            RaftKvNode follower = cluster.node(cluster.ids().stream().filter(id -> id != leader.id()).findFirst()
                    .orElseThrow());
            CompletionException refused = assertThrows(CompletionException.class,
                    () -> follower.service().put(putRequest("/k", "no")).join());
            NotLeaderException notLeader = assertInstanceOf(NotLeaderException.class, refused.getCause());
            assertEquals(leader.id(), notLeader.leaderId());
            // A member's cluster service reaches the leader through the cluster's connector.
            assertEquals(firstRevision + 1, put(follower.clusterService(), "/k", "v2"));

            long oldLeader = leader.id();
            cluster.stop(oldLeader);
            RaftKvNode newLeader = awaitLeader(cluster);
            assertNotEquals(oldLeader, newLeader.id());
            long last = 0;
            for (int i = 3; i <= 30; i++) {
                last = Await.result("put v" + i, cluster.client().kv().put("/k", "v" + i)).getHeader().getRevision();
            }
            assertEquals(firstRevision + 29, last);

            cluster.restart(oldLeader);
            long expected = last;
            Await.until("every member at revision " + expected + " with /k = v30",
                    () -> serializableReads(cluster).values().stream().allMatch(r -> r.getHeader().getRevision() == expected
                            && r.getKvs(0).getValue().toStringUtf8().equals("v30")),
                    () -> describe(serializableReads(cluster)) + " " + cluster.statuses());
            assertEquals(3, serializableReads(cluster).size());
        }
    }

    @Test
    void closeEndsEveryThreadItStartedFreesThePortsAndDeletesTemporaryData() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        List<InetSocketAddress> ports = new ArrayList<>();
        LocalCluster cluster = LocalCluster.start(3, null, FAST);
        try {
            put(awaitLeader(cluster).clusterService(), "/k", "v");
            // Sessions left open keep keep-alive timers pending on every client thread; close must end them anyway.
            Await.result("a session on the cluster's client", Session.open(cluster.client(), 5));
            for (long id : cluster.ids()) {
                Await.result("a session on " + id, Session.open(cluster.node(id).client(), 5));
                ports.add(cluster.node(id).peerAddress());
                ports.add(cluster.node(id).clientAddress().orElseThrow());
            }
            assertTrue(Files.isDirectory(cluster.dataDir().resolve("node1").resolve("raft")));
            assertTrue(Files.isDirectory(cluster.dataDir().resolve("node1").resolve("snap")));
        } finally {
            cluster.close();
        }
        Await.until("the cluster's raftkv-* threads to end", () -> Await.raftkvThreadsSince(before).isEmpty(),
                () -> Await.raftkvThreadsSince(before));
        for (InetSocketAddress port : ports) {
            try (ServerSocket again = new ServerSocket(port.getPort(), 1, port.getAddress())) {
                assertEquals(port.getPort(), again.getLocalPort());
            }
        }
        assertTrue(Files.notExists(cluster.dataDir()), "temporary data deleted");
        cluster.close(); // idempotent
    }

    @Test
    void aMemberRestartedWithAnotherClusterTokenIsRefusedNamingBothClusters() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(1, null, FAST)) {
            long id = cluster.ids().get(0);
            put(awaitLeader(cluster).service(), "/k", "v");
            NodeConfig config = cluster.config(id);
            cluster.stop(id);
            Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());

            NodeConfig.Builder other = NodeConfig.builder(config.name(), config.dataDir())
                    .member(config.name(), "http://127.0.0.1:0").clusterToken("another-token");
            FAST.accept(other);
            NodeConfig otherConfig = other.build();
            IOException refused = assertThrows(IOException.class, () -> RaftKvNode.start(otherConfig));
            String message = refused.getMessage();
            assertTrue(message.contains(config.clusterIdText()) && message.contains(otherConfig.clusterIdText()),
                    message);
            assertTrue(message.contains("node " + config.name()), message);
            Await.until("no thread left by the refused start", () -> Await.raftkvThreadsSince(before).isEmpty(),
                    () -> Await.raftkvThreadsSince(before));

            // The refusal released the directory: the right configuration still starts.
            RaftKvNode again = cluster.restart(id);
            Await.until("the member to lead again", () -> again.status().role() == Role.LEADER, again::status);
            RangeResponse read = Await.result("read", again.service().range(range("/k")));
            assertEquals("v", read.getKvs(0).getValue().toStringUtf8());
        }
    }

    @Test
    void anExistingMemberWithoutDataIsRefused() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(1, null, FAST)) {
            NodeConfig.Builder existing = NodeConfig.builder("fresh", cluster.dataDir().resolve("fresh"))
                    .member("fresh", "http://127.0.0.1:0").initialClusterState(InitialClusterState.EXISTING);
            IOException refused = assertThrows(IOException.class, () -> RaftKvNode.start(existing.build()));
            assertTrue(refused.getMessage().contains("'existing' needs this member's data"), refused.getMessage());
            assertTrue(Files.notExists(cluster.dataDir().resolve("fresh").resolve("raft")), "nothing created");
        }
    }

    @Test
    void withoutAConnectorAMembersClusterServiceAnswersNotLeaderWhenItCannotServe() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(1, null, FAST)) {
            // Member a of a two-member cluster whose member b never starts: no leader, nowhere to route.
            NodeConfig.Builder lonely = NodeConfig.builder("a", cluster.dataDir().resolve("a"))
                    .member("a", "http://127.0.0.1:0").member("b", "http://127.0.0.1:0");
            FAST.accept(lonely);
            try (RaftKvNode node = RaftKvNode.start(lonely.build())) {
                CompletionException failed = assertThrows(CompletionException.class,
                        () -> node.clusterService().put(putRequest("/k", "v")).join());
                assertInstanceOf(NotLeaderException.class, failed.getCause());
            }
        }
    }

    static RaftKvNode awaitLeader(LocalCluster cluster) {
        Await.until("a leader", () -> cluster.leader().isPresent(), cluster::statuses);
        return cluster.leader().orElseThrow();
    }

    static long put(KvService service, String key, String value) {
        return Await.result("put " + key, service.put(putRequest(key, value))).getHeader().getRevision();
    }

    static PutRequest putRequest(String key, String value) {
        return PutRequest.newBuilder().setKey(io.raftkv.kv.api.Bytes.of(key)).setValue(io.raftkv.kv.api.Bytes.of(value))
                .build();
    }

    static RangeRequest range(String key) {
        return RangeRequest.newBuilder().setKey(io.raftkv.kv.api.Bytes.of(key)).build();
    }

    /** Every running member's own answer for /k, read locally (serializable), by member name. */
    private static Map<String, RangeResponse> serializableReads(LocalCluster cluster) {
        Map<String, RangeResponse> reads = new TreeMap<>();
        RangeRequest request = range("/k").toBuilder().setSerializable(true).build();
        for (long id : cluster.ids()) {
            RaftKvNode node = cluster.node(id);
            reads.put(node.name(), Await.result("serializable read on " + node.name(), node.service().range(request)));
        }
        return reads;
    }

    private static String describe(Map<String, RangeResponse> reads) {
        Map<String, String> shown = new TreeMap<>();
        reads.forEach((name, read) -> shown.put(name, "revision " + read.getHeader().getRevision() + ": "
                + (read.getKvsCount() == 0 ? "absent" : read.getKvs(0).getValue().toStringUtf8())));
        return shown.toString();
    }
}
