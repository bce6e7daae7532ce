package io.raftkv.kv.grpc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.kv.KvLimits;
import io.raftkv.kv.server.KvTestCluster;
import io.raftkv.raft.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A {@link KvTestCluster} (three members in this JVM) with a {@link KvGrpcServer} per member on a
 * free loopback port, and a {@link RemoteCluster} that reaches it only through gRPC.
 */
final class GrpcTestCluster implements AutoCloseable {
    static final long WAIT_SECONDS = 20;
    static final RemoteKvOptions CLIENT_OPTIONS = RemoteKvOptions.defaults().withRetries(100, 20);

    final KvTestCluster nodes;
    final Map<Long, KvGrpcServer> servers = new TreeMap<>();
    final Map<Long, InetSocketAddress> addresses = new TreeMap<>();
    final RemoteCluster remote;

    GrpcTestCluster(KvLimits limits) throws Exception {
        nodes = new KvTestCluster(3, limits);
        KvGrpcServerOptions options = new KvGrpcServerOptions(limits.maxRequestBytes()
                + KvGrpcServerOptions.FRAMING_ALLOWANCE_BYTES, 1 << 20, 64, 1_000, 100);
        for (long id : nodes.servers.keySet()) {
            KvGrpcServer server = KvGrpcServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    nodes.servers.get(id), options);
            servers.put(id, server);
            addresses.put(id, server.localAddress());
        }
        remote = RemoteCluster.connect(addresses, CLIENT_OPTIONS);
    }

    long awaitLeader() {
        return nodes.awaitLeader();
    }

    long aFollower() {
        long leader = awaitLeader();
        return leader == 1 ? 2 : 1;
    }

    /** Makes {@code target} the leader (handing leadership over if another member has it). */
    void makeLeader(long target) {
        KvTestCluster.await("member " + target + " leads", () -> {
            long leader = awaitLeader();
            if (leader != target) {
                nodes.rafts.get(leader).transferLeadership(target);
                return false;
            }
            return nodes.rafts.get(target).status().role() == Role.LEADER;
        });
    }

    /** A client of one member only, with its own channel (closed by the caller). */
    RemoteKvService connect(long id, RemoteKvOptions options) {
        return RemoteKvService.connect(id, addresses.get(id), options);
    }

    void stopServer(long id) {
        servers.remove(id).close();
    }

    static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    static Throwable failure(CompletableFuture<?> future) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(failed.getCause() != null);
        return failed.getCause();
    }

    @Override
    public void close() {
        remote.close();
        for (KvGrpcServer server : servers.values()) {
            server.close();
        }
        nodes.close();
    }
}
