package io.raftkv.raft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Role;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * Real nodes with small snapshot thresholds under random isolations, message loss, heals and restarts: state
 * machines never diverge (each one's applied commands are a prefix of the longest), and once
 * everything heals every node ends with the same state, whether it caught up by appends or by
 * snapshots.
 */
class SnapshotSwarmProperties {
    private static final SnapshotOptions OPTIONS = SnapshotOptions.builder().snapshotThresholdEntries(7)
            .trailingEntries(2).chunkBytes(32).maxInflightChunks(2).transferTimeoutTicks(10).build();

    @Property(tries = 25)
    void randomFaultsNeverMakeStateMachinesDivergeAndHealingConverges(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        TestCluster cluster = new TestCluster(3);
        cluster.snapshotOptions = OPTIONS;
        cluster.startAll();
        int command = 0;
        for (int round = 0; round < 40; round++) {
            int choice = random.nextInt(10);
            long node = 1 + random.nextInt(3);
            if (choice < 5) {
                RaftNode leader = currentLeader(cluster);
                if (leader != null) {
                    for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                        leader.propose(ByteString.copyFromUtf8("c" + command++));
                    }
                }
            } else if (choice < 6) {
                cluster.isolate(node);
            } else if (choice < 7) {
                SplittableRandom lossy = random.split();
                cluster.drop(m -> lossy.nextInt(10) == 0); // until the next heal
            } else if (choice < 9) {
                cluster.heal();
            } else {
                cluster.nodes.get(node).stop();
                cluster.run(1);
                cluster.start(node);
            }
            cluster.run(20 + random.nextInt(200));
            assertPrefixesAgree(cluster);
        }
        cluster.heal();
        RaftNode leader = cluster.awaitLeader();
        cluster.run(500);
        leader = cluster.awaitLeader();
        leader.propose(ByteString.copyFromUtf8("final"));
        cluster.run(1000);
        List<String> expected = cluster.stateMachines.get(leader.id()).applied;
        assertTrue(expected.contains("final"), "the final command was not applied on the leader");
        for (long id : cluster.nodes.keySet()) {
            assertEquals(expected, cluster.stateMachines.get(id).applied, "node " + id + " did not converge");
        }
        long transfers = cluster.sent.stream().filter(m -> m instanceof io.raftkv.raft.message.InstallSnapshot c
                && c.offset() == 0).count();
        Statistics.label("snapshot transfers started").collect(transfers == 0 ? "0" : transfers < 3 ? "1-2" : "3+");
    }

    private static RaftNode currentLeader(TestCluster cluster) {
        return cluster.nodes.values().stream().filter(n -> n.status().role() == Role.LEADER).findFirst().orElse(null);
    }

    private static void assertPrefixesAgree(TestCluster cluster) {
        List<String> longest = List.of();
        for (TestCluster.RecordingStateMachine sm : cluster.stateMachines.values()) {
            if (sm.applied.size() > longest.size()) {
                longest = sm.applied;
            }
        }
        for (TestCluster.RecordingStateMachine sm : cluster.stateMachines.values()) {
            assertEquals(longest.subList(0, sm.applied.size()), sm.applied, "state machines diverge");
        }
    }
}
