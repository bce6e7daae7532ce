package io.raftkv.kv.etcdcompat;

import io.raftkv.kv.node.LocalCluster;
import io.raftkv.kv.node.RaftKvNode;
import io.raftkv.raft.Role;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Three real {@link RaftKvNode}s in this JVM, each serving etcd's gRPC services on a loopback
 * client URL, for tests that talk to them with etcd's own clients (jetcd, etcdctl).
 *
 * <p>Followers forward writes and linearizable reads to the leader, as etcd's do; most tests use
 * the leader's endpoint ({@link #leaderEndpoint()}), and {@link #followerEndpoint()} shows the
 * forwarding.
 */
final class EtcdCompatCluster implements AutoCloseable {
    static final long WAIT_MILLIS = 20_000;

    final LocalCluster cluster;

    EtcdCompatCluster() throws IOException {
        cluster = LocalCluster.start(3);
    }

    RaftKvNode awaitLeader() {
        await("a leader", () -> cluster.leader().isPresent());
        return cluster.leader().orElseThrow();
    }

    String leaderEndpoint() {
        return awaitLeader().clientUrl().orElseThrow().toString();
    }

    String followerEndpoint() {
        RaftKvNode leader = awaitLeader();
        for (long id : cluster.ids()) {
            RaftKvNode node = cluster.node(id);
            if (node != leader && node.status().role() == Role.FOLLOWER) {
                return node.clientUrl().orElseThrow().toString();
            }
        }
        throw new IllegalStateException("no follower: " + cluster.statuses());
    }

    List<String> allEndpoints() {
        return cluster.ids().stream().map(id -> cluster.node(id).clientUrl().orElseThrow().toString()).toList();
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        cluster.close();
    }
}
