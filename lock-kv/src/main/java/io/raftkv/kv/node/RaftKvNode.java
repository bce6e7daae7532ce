package io.raftkv.kv.node;

import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.grpc.KvGrpcServer;
import io.raftkv.kv.grpc.RemoteKvService;
import io.raftkv.raft.NodeStatus;
import io.raftkv.raft.runtime.RaftNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running KV node, built from one {@link NodeConfig}: its Raft log in RocksDB under
 * {@code data-dir/raft}, snapshots under {@code data-dir/snap}, Raft messages over Netty on the
 * peer URL, the KV state machine applied by a {@link RaftNode}, and a {@link
 * io.raftkv.kv.server.KvServer} serving it, all on one thread ({@code raftkv-node-<name>}).
 *
 * <p>Started again on the same data directory it recovers its state (snapshot, then the log after
 * it); the directory opens only under the cluster id and member id it was created with.
 *
 * <p>With a listen client URL the node serves its KV server there over gRPC (etcd's KV, Lease and
 * Watch services), etcd's Lock and Election services (their recipes run on its cluster client), and
 * Cluster.MemberList and Maintenance.Status from its configuration and Raft state. {@link #service()} answers as this node (a follower refuses writes and
 * linearizable reads, naming the leader); {@link #clusterService()} reaches the leader, over gRPC to
 * the other members' client URLs (see {@link #start(NodeConfig)}) or through a connector of the
 * caller's (see {@link #start(NodeConfig, Function)}).
 */
public final class RaftKvNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftKvNode.class);

    private final NodeParts parts;
    private final KvClient client;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RaftKvNode(NodeParts parts) {
        this.parts = parts;
        this.client = new KvClient(parts.clusterService, parts.clientScheduler);
    }

    /**
     * Starts a node whose {@link #clusterService()} reaches each other member whose client URL the
     * configuration knows over gRPC ({@link RemoteKvService}); for a leader whose client URL is
     * unknown it answers NotLeader (naming the leader), as {@link #service()} does.
     *
     * @throws IOException if the data directory cannot be opened (in use, another cluster or
     *                     member, damaged) or the peer or client URL cannot be bound
     */
    public static RaftKvNode start(NodeConfig config) throws IOException {
        return open(config, null);
    }

    /**
     * Starts a node whose {@link #clusterService()} reaches the other members through {@code
     * connector}, called once per other member at start. A service it returns that is also
     * {@link AutoCloseable} is closed with the node.
     */
    public static RaftKvNode start(NodeConfig config, Function<Member, KvService> connector) throws IOException {
        return open(config, Objects.requireNonNull(connector, "connector"));
    }

    private static RaftKvNode open(NodeConfig config, Function<Member, KvService> connector) throws IOException {
        Objects.requireNonNull(config, "config");
        RaftKvNode node = new RaftKvNode(NodeParts.open(config, connector));
        NodeStatus status = node.status();
        LOG.info("{} started in term {}: peers on {}, clients on {}, data in {}; recovered applied index {},"
                        + " last log index {} (term {})", node.parts.label, status.term(), node.peerUrl(),
                node.clientUrl().map(URI::toString).orElse("(none)"), config.dataDir().toAbsolutePath(),
                status.appliedIndex(), status.lastIndex(), status.lastTerm());
        return node;
    }

    public NodeConfig config() {
        return parts.config;
    }

    public String name() {
        return parts.config.name();
    }

    public long id() {
        return parts.config.memberId();
    }

    /** This node's KV server: answers as this node, without routing. */
    public KvService service() {
        return parts.server;
    }

    /** A service that finds the leader among the members this node can reach. */
    public KvService clusterService() {
        return parts.clusterService;
    }

    /** The embedded API over {@link #clusterService()}; its recipes run their timers on this node's client thread. */
    public KvClient client() {
        return client;
    }

    /** The Raft node, for leadership transfer and status. */
    public RaftNode raft() {
        return parts.raft;
    }

    public NodeStatus status() {
        return parts.raft.status();
    }

    /** Where the peer transport listens, with the port it was given when the configured one was 0. */
    public InetSocketAddress peerAddress() {
        return parts.transport.localAddress();
    }

    /** Where the KV API is served over gRPC (with the port it was given when the configured one was 0), if it is. */
    public Optional<InetSocketAddress> clientAddress() {
        return Optional.ofNullable(parts.grpcServer).map(KvGrpcServer::localAddress);
    }

    /** {@link #clientAddress()} as a URL. */
    public Optional<URI> clientUrl() {
        return clientAddress().map(NodeUrls::of);
    }

    /** {@link #peerAddress()} as a URL. */
    public URI peerUrl() {
        return NodeUrls.of(peerAddress());
    }

    /** Tells this node where member {@code memberId} now listens for peers (it moved, or its port was 0). */
    public void updatePeerAddress(long memberId, InetSocketAddress address) {
        parts.transport.updatePeerAddress(memberId, address);
    }

    /**
     * Stops serving and shuts down: gRPC server, KV server, Raft node (pending requests fail as indeterminate),
     * transport, storage, then the node's threads, which have ended when this returns. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        parts.close();
        NodeStatus last = status();
        LOG.info("{} stopped in term {} at applied index {}", parts.label, last.term(), last.appliedIndex());
    }

    @Override
    public String toString() {
        return parts.label;
    }
}
