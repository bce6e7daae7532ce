package io.raftkv.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.raft.message.Message;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * Random interleavings on the in-test harness: messages delivered out of order, dropped and
 * duplicated, durability acknowledged late, random ticks, proposals, reads, restarts, and (when
 * {@code compaction} is on) snapshots with log compaction, so that lagging followers need a
 * snapshot sent to them (the harness sends it as one chunk). Whatever happens, no term has two
 * leaders (checked by the harness on every Ready) and applied prefixes never diverge; once the
 * network heals, the cluster makes progress again.
 */
class ClusterSafetyProperties {

    @Property(tries = 200)
    void randomInterleavingsKeepElectionSafetyAndLogAgreement(@ForAll long seed,
                                                             @ForAll @IntRange(min = 1, max = 5) int size,
                                                             @ForAll boolean preVote,
                                                             @ForAll boolean checkQuorum,
                                                             @ForAll boolean deferAcknowledgements,
                                                             @ForAll boolean compaction) {
        SplittableRandom random = new SplittableRandom(seed);
        Cluster cluster = Cluster.of(size, builder -> builder.preVote(preVote).checkQuorum(checkQuorum)
                .electionTimeoutTicks(5).maxInflightAppends(1 + random.nextInt(4)).maxAppendBytes(60), seed);
        cluster.deferAcknowledgements = deferAcknowledgements;
        cluster.snapshotTimeoutTicks = 20;
        for (int step = 0; step < 600; step++) {
            randomStep(cluster, random, step, compaction);
            assertAppliedPrefixesAgree(cluster);
        }
        long committedBeforeHealing = cluster.nodes.values().stream().mapToLong(n -> n.applied.size()).max().orElse(0);
        Statistics.label("entries applied before healing").collect(committedBeforeHealing == 0 ? "0"
                : committedBeforeHealing < 10 ? "1-9" : "10+");
        Statistics.label("snapshots sent").collect(!compaction ? "off"
                : cluster.nodes.values().stream().anyMatch(n -> !n.snapshotRequests.isEmpty()) ? "some" : "none");
        Statistics.label("terms with a leader").collect(cluster.leaderOfTerm.size() < 3 ? "<3" : "3+");
        cluster.heal();
        cluster.deferAcknowledgements = false;
        for (long id : cluster.nodes.keySet()) {
            while (!cluster.node(id).unacknowledged.isEmpty()) {
                cluster.acknowledgeOneWrite(id);
                cluster.drain(id);
            }
        }
        assertProgressAfterHealing(cluster);
        assertAppliedPrefixesAgree(cluster);
    }

    private static void randomStep(Cluster cluster, SplittableRandom random, int step, boolean compaction) {
        int choice = random.nextInt(100);
        long node = 1 + random.nextInt(cluster.nodes.size());
        if (choice < 45 && !cluster.network.isEmpty()) {
            Message message = cluster.network.remove(random.nextInt(cluster.network.size()));
            if (random.nextInt(10) == 0) {
                cluster.network.add(message); // duplicate
            }
            if (random.nextInt(10) != 0) { // else lost
                cluster.core(message.to()).step(message);
                cluster.drain(message.to());
            }
        } else if (choice < 62) {
            cluster.tick(node);
        } else if (choice < 75) {
            cluster.acknowledgeOneWrite(node);
            cluster.drain(node);
        } else if (choice < 88) {
            cluster.core(node).propose(ByteString.copyFromUtf8("c" + step));
            cluster.drain(node);
        } else if (choice < 94) {
            cluster.core(node).requestRead(step);
            cluster.drain(node);
        } else if (choice < 96) {
            cluster.core(node).transferLeadership(1 + random.nextInt(cluster.nodes.size()));
            cluster.drain(node);
        } else if (choice < 98) {
            cluster.restart(node);
        } else if (compaction && !cluster.node(node).applied.isEmpty()) {
            long applied = cluster.node(node).applied.size();
            cluster.snapshotAndCompact(node, Math.max(cluster.node(node).snapshot.index(),
                    applied - random.nextInt(3)));
            cluster.drain(node);
        }
    }

    private static void assertAppliedPrefixesAgree(Cluster cluster) {
        List<Entry> longest = List.of();
        for (Cluster.Node node : cluster.nodes.values()) {
            if (node.applied.size() > longest.size()) {
                longest = node.applied;
            }
        }
        for (Cluster.Node node : cluster.nodes.values()) {
            assertEquals(longest.subList(0, node.applied.size()), node.applied, "applied prefixes diverge");
        }
    }

    private static void assertProgressAfterHealing(Cluster cluster) {
        for (int round = 0; round < 300; round++) {
            cluster.settle(1);
            long leader = cluster.leaderId();
            if (leader != 0 && cluster.core(leader).propose(ByteString.copyFromUtf8("final")) instanceof Admission.Accepted) {
                cluster.drain(leader);
                // Long enough for the harness's snapshot transfer timeout to retry a lost transfer.
                cluster.settle(5 + 2 * cluster.snapshotTimeoutTicks);
                for (long id : cluster.nodes.keySet()) {
                    assertTrue(cluster.appliedCommands(id).contains(ByteString.copyFromUtf8("final")),
                            "node " + id + " did not apply the final command");
                }
                return;
            }
        }
        throw new AssertionError("no leader accepted a proposal after healing");
    }
}
