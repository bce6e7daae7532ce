package io.raftkv.kv.node;

import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.api.LeaderRouter;
import io.raftkv.kv.grpc.KvGrpcServer;
import io.raftkv.kv.grpc.KvGrpcServerOptions;
import io.raftkv.kv.grpc.RemoteKvOptions;
import io.raftkv.kv.grpc.RemoteKvService;
import io.raftkv.kv.server.KvServer;
import io.raftkv.kv.server.KvServerOptions;
import io.raftkv.kv.state.KvStateMachine;
import io.raftkv.raft.runtime.RaftNode;
import io.raftkv.raft.runtime.Scheduler;
import io.raftkv.raft.runtime.ThreadScheduler;
import io.raftkv.storage.FileSnapshotStore;
import io.raftkv.storage.RocksDbLogStorage;
import io.raftkv.storage.StorageOptions;
import io.raftkv.transport.NettyTransport;
import io.raftkv.transport.TransportConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pieces of one node, opened in dependency order (storage first, so that a data directory of
 * another cluster fails before a port is bound) and closed in the reverse of how requests flow:
 * the gRPC server for clients, KV server, Raft node, transport, storage, threads. A start that
 * fails part way closes what it had opened, with the same code as a normal close.
 */
final class NodeParts {
    private static final Logger LOG = LoggerFactory.getLogger(NodeParts.class);
    private static final long STOP_TIMEOUT_MILLIS = 10_000;

    final NodeConfig config;
    final String label;
    RocksDbLogStorage logStorage;
    FileSnapshotStore snapshotStore;
    ThreadScheduler scheduler;
    ThreadScheduler clientScheduler;
    NettyTransport transport;
    RaftNode raft;
    KvServer server;
    KvStateMachine machine;
    /** Serves {@link #server} on the listen client URL, if the configuration has one. */
    KvGrpcServer grpcServer;
    KvService clusterService;
    final List<KvService> remotes = new ArrayList<>();

    private NodeParts(NodeConfig config) {
        this.config = config;
        this.label = "node " + config.self().label();
    }

    /** Opens every piece; on failure closes what was opened and rethrows. */
    static NodeParts open(NodeConfig config, Function<Member, KvService> connector) throws IOException {
        NodeParts parts = new NodeParts(config);
        try {
            parts.openStorage();
            parts.startRaft();
            parts.connect(connector);
            parts.serveClients();
            return parts;
        } catch (IOException | RuntimeException failure) {
            parts.close();
            throw failure;
        }
    }

    private void openStorage() throws IOException {
        if (config.initialClusterState() == InitialClusterState.EXISTING && !Files.isDirectory(config.raftDir())) {
            throw new IOException(label + ": initial cluster state 'existing' needs this member's data in "
                    + config.raftDir().toAbsolutePath() + ", which is missing; a member that starts empty may have"
                    + " forgotten a vote it cast (use 'new' only when founding the cluster)");
        }
        try {
            logStorage = RocksDbLogStorage.open(config.raftDir(), config.clusterIdText(), config.memberId(),
                    StorageOptions.defaults());
        } catch (IOException e) {
            throw new IOException(label + " of cluster " + config.clusterIdText() + " cannot open its Raft log: "
                    + e.getMessage(), e);
        }
        snapshotStore = FileSnapshotStore.open(config.snapshotDir(), FileSnapshotStore.Options.defaults());
    }

    private void startRaft() throws IOException {
        SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());
        scheduler = new ThreadScheduler("raftkv-node-" + config.name());
        transport = NettyTransport.start(transportConfig(random.nextLong()));
        KvServerOptions serverOptions = config.kvServerOptions();
        machine = new KvStateMachine(config.kvLimits(), serverOptions.expiryRetryMillis());
        raft = RaftNode.start(config.raftConfig(), logStorage, snapshotStore, config.snapshotOptions(), transport,
                machine, scheduler, random.split(), new LeaderLog(config));
        transport.setInbound(raft::receive);
        server = KvServer.start(raft, machine, scheduler, serverOptions, random.split());
    }

    private TransportConfig transportConfig(long seed) {
        Map<Long, InetSocketAddress> peers = new TreeMap<>();
        for (Member peer : config.peers()) {
            peers.put(peer.id(), NodeUrls.address(peer.peerUrl()));
        }
        return TransportConfig.builder(config.clusterIdText(), config.memberId(),
                NodeUrls.address(config.listenPeerUrl()), peers).randomSeed(seed).build();
    }

    /**
     * The cluster service: a leader router over this node's server and, through {@code connector},
     * the others; without a connector, over gRPC to each other member whose client URL is known.
     */
    private void connect(Function<Member, KvService> connector) {
        clientScheduler = new ThreadScheduler("raftkv-client-" + config.name());
        Map<Long, KvService> members = new TreeMap<>();
        members.put(config.memberId(), server);
        for (Member peer : config.peers()) {
            if (connector == null && peer.clientUrl().isEmpty()) {
                continue; // not reachable for clients: the router follows no hint to it
            }
            KvService remote = connector != null ? connector.apply(peer) : overGrpc(peer);
            if (remote == null) {
                throw new IllegalArgumentException("the remote connector gave no service for member " + peer);
            }
            remotes.add(remote);
            members.put(peer.id(), remote);
        }
        clusterService = router(config, members, clientScheduler);
    }

    private static KvService overGrpc(Member peer) {
        InetSocketAddress address = NodeUrls.address(peer.clientUrl().orElseThrow());
        return RemoteKvService.connect(peer.id(), address, RemoteKvOptions.defaults());
    }

    /** Binds the listen client URL (last, so that no client reaches a node that is not whole). */
    private void serveClients() throws IOException {
        if (config.listenClientUrl().isEmpty()) {
            return;
        }
        InetSocketAddress address = NodeUrls.address(config.listenClientUrl().get());
        try {
            // Lock and Election run their recipes against the cluster (they need the leader), on the client thread.
            KvClient recipeClient = new KvClient(clusterService, clientScheduler);
            // Requests this node cannot serve as follower are forwarded to the leader, as etcd does.
            KvService served = new FollowerForwarding(server, clusterService);
            grpcServer = KvGrpcServer.start(address, served, recipeClient, new NodeMemberInfo(this, machine),
                    KvGrpcServerOptions.defaults(config.kvLimits()));
        } catch (IOException e) {
            throw new IOException(label + " cannot serve clients on " + config.listenClientUrl().get() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * A leader router over {@code members} with retries that pause one heartbeat and span two
     * election timeouts, so a request sent during an election finds the new leader.
     */
    static LeaderRouter router(NodeConfig config, Map<Long, KvService> members, Scheduler scheduler) {
        int attempts = 2 * config.electionTimeoutTicks() + 2 * config.members().size();
        return new LeaderRouter(members, scheduler, attempts, config.heartbeatIntervalMs());
    }

    /** Closes every piece that is open, in order; each step runs even if an earlier one failed. */
    void close() {
        if (grpcServer != null) {
            grpcServer.close(); // first: no client call reaches a server that is stopping
        }
        if (server != null) {
            server.stop();
        }
        if (raft != null) {
            stopRaft();
        }
        if (transport != null) {
            transport.close();
        }
        if (logStorage != null) {
            logStorage.close(); // the Raft node closed it already if it started; closing is idempotent
        }
        if (snapshotStore != null) {
            snapshotStore.close();
        }
        remotes.forEach(NodeParts::closeRemote);
        stopThreads(scheduler);
        stopThreads(clientScheduler);
    }

    private void stopRaft() {
        try {
            raft.stop().get(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{}: the Raft node did not stop within {} ms", label, STOP_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("{}: stopping the Raft node failed", label, e);
        }
    }

    private static void closeRemote(KvService remote) {
        if (remote instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing the connection to a member failed", e);
            }
        }
    }

    private void stopThreads(ThreadScheduler threads) {
        if (threads == null) {
            return;
        }
        threads.close();
        try {
            if (!threads.awaitTermination(STOP_TIMEOUT_MILLIS)) {
                LOG.warn("{}: a scheduler thread did not end within {} ms", label, STOP_TIMEOUT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
