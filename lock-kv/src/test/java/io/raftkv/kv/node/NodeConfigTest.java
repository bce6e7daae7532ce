package io.raftkv.kv.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.kv.KvLimits;
import io.raftkv.raft.RaftConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class NodeConfigTest {
    private static final Path DIR = Path.of("/var/lib/raftkv/n1");

    private static NodeConfig.Builder threeMembers() {
        return NodeConfig.builder("n1", DIR)
                .member("n1", "http://10.0.0.1:2380")
                .member("n2", "http://10.0.0.2:2380")
                .member("n3", "http://10.0.0.3:2380");
    }

    /** The refusal names the field, the value and (part of) the rule. */
    private static void refused(String field, String value, String rulePart, Executable build) {
        NodeConfigException refused = assertThrows(NodeConfigException.class, build);
        assertEquals(field, refused.field(), refused.getMessage());
        assertEquals(value, refused.value(), refused.getMessage());
        assertTrue(refused.rule().contains(rulePart), refused.getMessage());
        assertTrue(refused.getMessage().contains(field) && refused.getMessage().contains(value)
                && refused.getMessage().contains(rulePart), refused.getMessage());
    }

    @Test
    void etcdsDefaultTimingMapsToOneTickPerHeartbeatAndTenTicksPerElection() {
        NodeConfig config = threeMembers().build();
        RaftConfig raft = config.raftConfig();
        assertEquals(100, raft.tickIntervalMillis());
        assertEquals(1, raft.heartbeatIntervalTicks());
        assertEquals(10, raft.electionTimeoutTicks());
        assertEquals(config.memberId(), raft.nodeId());
        assertEquals(config.members().stream().map(Member::id).toList(), raft.members());
        assertEquals(1, config.kvLimits().minLeaseTtlSeconds());
    }

    @Test
    void theElectionTimeoutRoundsDownToWholeTicksAndUpToWholeSecondsForTheMinimumLeaseTtl() {
        NodeConfig config = threeMembers().heartbeatIntervalMs(150).electionTimeoutMs(2_501).build();
        assertEquals(16, config.raftConfig().electionTimeoutTicks());
        assertEquals(3, config.kvLimits().minLeaseTtlSeconds());
        assertEquals(1, NodeConfig.minLeaseTtlSeconds(1_000));
        assertEquals(2, NodeConfig.minLeaseTtlSeconds(1_001));
    }

    @Test
    void givenKvLimitsKeepTheirValuesButTheMinimumLeaseTtlIsRaisedToTheElectionTimeout() {
        KvLimits limits = KvLimits.DEFAULTS.withMaxTxnOps(16);
        NodeConfig raised = threeMembers().electionTimeoutMs(4_000).kvLimits(limits).build();
        assertEquals(16, raised.kvLimits().maxTxnOps());
        assertEquals(4, raised.kvLimits().minLeaseTtlSeconds());
        NodeConfig kept = threeMembers().kvLimits(limits.withMinLeaseTtlSeconds(30)).build();
        assertEquals(30, kept.kvLimits().minLeaseTtlSeconds());
    }

    @Test
    void memberIdsDeriveFromTokenAndNameAndTheClusterIdFromTokenAndMemberIds() {
        NodeConfig config = threeMembers().build();
        assertEquals(ClusterIds.memberId(ClusterIds.DEFAULT_TOKEN, "n1"), config.memberId());
        assertEquals("n1", config.self().name());
        assertEquals(List.of("n2", "n3").stream().sorted().toList(),
                config.peers().stream().map(Member::name).sorted().toList());
        // Another member computes the same cluster id from the same list, whatever the order.
        NodeConfig other = NodeConfig.builder("n3", DIR).member("n3", "http://10.0.0.3:2380")
                .member("n1", "http://10.0.0.1:2380").member("n2", "http://10.0.0.2:2380").build();
        assertEquals(config.clusterId(), other.clusterId());
        assertEquals(config.members(), other.members());
        // Addresses are not part of identity; the token and the names are.
        NodeConfig moved = NodeConfig.builder("n1", DIR).member("n1", "http://10.0.0.1:2380")
                .member("n2", "http://10.9.9.9:1").member("n3", "http://10.0.0.3:2380").build();
        assertEquals(config.clusterId(), moved.clusterId());
        assertEquals(config.members().stream().map(Member::id).toList(), moved.members().stream().map(Member::id).toList());
        NodeConfig otherToken = threeMembers().clusterToken("other").build();
        assertNotEquals(config.memberId(), otherToken.memberId());
        assertNotEquals(config.clusterId(), otherToken.clusterId());
        assertNotEquals(config.clusterId(), threeMembers().member("n4", "http://10.0.0.4:2380").build().clusterId());
        assertEquals(7, threeMembers().clusterId(7).build().clusterId());
        assertEquals(16, config.clusterIdText().length());
    }

    @Test
    void layoutAndUrlDefaults() {
        NodeConfig config = threeMembers().advertiseClientUrl("http://10.0.0.1:2379").build();
        assertEquals(DIR.resolve("raft"), config.raftDir());
        assertEquals(DIR.resolve("snap"), config.snapshotDir());
        assertEquals(URI.create("http://10.0.0.1:2380"), config.listenPeerUrl());
        assertEquals(Optional.of(URI.create("http://10.0.0.1:2379")), config.listenClientUrl());
        assertEquals(Optional.of(URI.create("http://10.0.0.1:2379")), config.self().clientUrl());
        assertEquals(Optional.empty(), config.member(config.peers().get(0).id()).orElseThrow().clientUrl());
        NodeConfig listening = threeMembers().listenPeerUrl("http://0.0.0.0:2380").listenClientUrl("http://0.0.0.0:2379")
                .build();
        assertEquals(URI.create("http://0.0.0.0:2380"), listening.listenPeerUrl());
        assertEquals(Optional.of(URI.create("http://0.0.0.0:2379")), listening.listenClientUrl());
        assertEquals(InitialClusterState.NEW, config.initialClusterState());
    }

    @Test
    void theNameMustBeAValidMemberNameAndOneOfTheMembers() {
        refused("name", "n 1", "letters, digits", () -> NodeConfig.builder("n 1", DIR).build());
        refused("name", "", "letters, digits", () -> NodeConfig.builder("", DIR).build());
        refused("members", "[n2]", "must include this node's name 'n1'",
                () -> NodeConfig.builder("n1", DIR).member("n2", "http://h:1").build());
        refused("members", "[]", "must include this node's name 'n1'", () -> NodeConfig.builder("n1", DIR).build());
        refused("members[].name", "a=b", "letters, digits", () -> threeMembers().member("a=b", "http://h:1").build());
    }

    @Test
    void membersMustHaveDistinctIdsNamesAndPeerUrlsButPortZeroMayRepeat() {
        refused("members", "[n1 (id 7) at http://h:1, n2 (id 7) at http://h:2]",
                "ids must be distinct", () -> NodeConfig.builder("n1", DIR)
                        .member(new Member("n1", 7, URI.create("http://h:1")))
                        .member(new Member("n2", 7, URI.create("http://h:2"))).build());
        NodeConfigException twice = assertThrows(NodeConfigException.class, () -> NodeConfig.builder("n1", DIR)
                .member(new Member("n1", 7, URI.create("http://h:1")))
                .member(new Member("n1", 8, URI.create("http://h:2"))).build());
        assertTrue(twice.rule().contains("names must be distinct, 'n1' appears twice"), twice.getMessage());
        NodeConfigException twiceByName = assertThrows(NodeConfigException.class,
                () -> threeMembers().member("n2", "http://10.0.0.9:2380").build());
        assertTrue(twiceByName.rule().contains("'n2' appears twice"), twiceByName.getMessage());
        NodeConfigException sameUrl = assertThrows(NodeConfigException.class,
                () -> threeMembers().member("n4", "http://10.0.0.1:2380").build());
        assertTrue(sameUrl.rule().contains("peer URLs must be distinct, http://10.0.0.1:2380"), sameUrl.getMessage());
        NodeConfig ephemeral = NodeConfig.builder("n1", DIR).member("n1", "http://127.0.0.1:0")
                .member("n2", "http://127.0.0.1:0").build();
        assertEquals(2, ephemeral.members().size());
    }

    @Test
    void theMemberIdMustBeAMembersAndNameItAndTheClusterIdMustBePositive() {
        NodeConfig valid = threeMembers().build();
        refused("memberId", "99", "must be one of the members' ids", () -> new NodeConfig("n1", 99, valid.clusterId(),
                valid.members(), valid.listenPeerUrl(), valid.listenClientUrl(), DIR, 100, 1_000,
                valid.snapshotOptions(), valid.kvLimits(), InitialClusterState.NEW));
        long n2 = valid.peers().get(0).id();
        refused("name", "n1", "must be the name of member", () -> new NodeConfig("n1", n2, valid.clusterId(),
                valid.members(), valid.listenPeerUrl(), valid.listenClientUrl(), DIR, 100, 1_000,
                valid.snapshotOptions(), valid.kvLimits(), InitialClusterState.NEW));
        refused("clusterId", "0", "must be positive", () -> threeMembers().clusterId(0).build());
        refused("members[n9].id", "-1", "must be positive", () -> new Member("n9", -1, URI.create("http://h:1")));
    }

    @Test
    void urlsMustBePlainHttpWithAPortAndNoPath() {
        refused("listenPeerUrl", "https://h:1", "must be http://host:port",
                () -> threeMembers().listenPeerUrl("https://h:1").build());
        refused("listenPeerUrl", "http://h", "must be http://host:port",
                () -> threeMembers().listenPeerUrl("http://h").build());
        refused("listenClientUrl", "http://h:1/v3", "no path", () -> threeMembers().listenClientUrl("http://h:1/v3").build());
        refused("members[n2].peerUrl", "http://h:70000", "port in 0..65535",
                () -> threeMembers().member("n2", "http://h:70000").build());
        refused("members[n1].clientUrl", "h:2379", "must be http://host:port",
                () -> threeMembers().advertiseClientUrl("h:2379").build());
        refused("listenPeerUrl", "http://h:1 x", "must be http://host:port",
                () -> threeMembers().listenPeerUrl("http://h:1 x").build());
    }

    @Test
    void timingFollowsEtcdsRules() {
        refused("heartbeatIntervalMs", "0", "must be from 1 to 10000 ms",
                () -> threeMembers().heartbeatIntervalMs(0).build());
        refused("electionTimeoutMs", "499", "at least 5 heartbeat intervals (5 x 100 ms)",
                () -> threeMembers().electionTimeoutMs(499).build());
        refused("electionTimeoutMs", "50001", "at most 50000 ms",
                () -> threeMembers().heartbeatIntervalMs(1_000).electionTimeoutMs(50_001).build());
        assertEquals(5, threeMembers().electionTimeoutMs(500).build().electionTimeoutTicks());
    }

    @Test
    void theMinimumLeaseTtlMayNotBeBelowTheElectionTimeout() {
        NodeConfig valid = threeMembers().electionTimeoutMs(3_000).build();
        refused("kvLimits.minLeaseTtlSeconds", "1", "at least the election timeout rounded up to whole seconds (3)",
                () -> new NodeConfig("n1", valid.memberId(), valid.clusterId(), valid.members(), valid.listenPeerUrl(),
                        valid.listenClientUrl(), DIR, 100, 3_000, valid.snapshotOptions(), KvLimits.DEFAULTS,
                        InitialClusterState.NEW));
    }

    @Test
    void everyPartMustBeGiven() {
        refused("clusterToken", " ", "must not be blank", () -> threeMembers().clusterToken(" ").build());
        refused("dataDir", "null", "must be given", () -> NodeConfig.builder("n1", null).member("n1", "http://h:1").build());
        refused("snapshotOptions", "null", "must be given", () -> threeMembers().snapshotOptions(null).build());
        refused("kvLimits", "null", "must be given", () -> threeMembers().kvLimits(null).build());
        refused("initialClusterState", "null", "must be new or existing",
                () -> threeMembers().initialClusterState(null).build());
        refused("members[n2].peerUrl", "null", "must be given", () -> threeMembers().member("n2", null).build());
        NodeConfig valid = threeMembers().build();
        refused("members", "[null]", "must not hold null", () -> new NodeConfig("n1", valid.memberId(), valid.clusterId(),
                Arrays.asList((Member) null), valid.listenPeerUrl(), valid.listenClientUrl(), DIR, 100, 1_000,
                valid.snapshotOptions(), valid.kvLimits(), InitialClusterState.NEW));
        NodeConfig immutable = new NodeConfig("n1", valid.memberId(), valid.clusterId(), List.copyOf(valid.members()),
                valid.listenPeerUrl(), valid.listenClientUrl(), DIR, 100, 1_000, valid.snapshotOptions(),
                valid.kvLimits(), InitialClusterState.NEW);
        assertEquals(valid, immutable);
    }

    @Test
    void initialClusterStateParsesEtcdsWords() {
        assertEquals(InitialClusterState.NEW, InitialClusterState.parse("new"));
        assertEquals(InitialClusterState.EXISTING, InitialClusterState.parse("existing"));
        assertEquals(null, InitialClusterState.parse("NEW"));
        assertEquals("existing", InitialClusterState.EXISTING.flagValue());
    }
}
