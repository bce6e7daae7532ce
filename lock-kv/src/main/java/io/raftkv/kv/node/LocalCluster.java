package io.raftkv.kv.node;

import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.api.KvService;
import io.raftkv.raft.NodeStatus;
import io.raftkv.raft.Role;
import io.raftkv.raft.runtime.ThreadScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A whole cluster in one JVM, for tests and for applications that want one: members {@code node1}
 * .. {@code nodeN}, each a {@link RaftKvNode} with its own data directory, talking over loopback
 * TCP on ports the system picks. Each member's address is told to the others once it is bound
 * (and again after a restart, which may bind another port).
 *
 * <p>{@link #client()} reaches the leader from outside any member and keeps working while members
 * stop and restart; each member's own {@link RaftKvNode#clusterService()} reaches the others too.
 */
public final class LocalCluster implements AutoCloseable {
    public static final int SIZE_MAX = 9;
    private static final String LOOPBACK_ANY_PORT = "http://127.0.0.1:0";

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final Map<Long, NodeConfig> configs = new TreeMap<>();
    private final Map<Long, RaftKvNode> running = new ConcurrentHashMap<>();
    private final Map<Long, KvService> members = new TreeMap<>();
    private final ThreadScheduler clientScheduler = new ThreadScheduler("raftkv-client-local-cluster");
    private final KvClient client;
    private boolean closed;

    private LocalCluster(int size, Path dataDir, boolean ownsDataDir, Consumer<NodeConfig.Builder> tuning) {
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        for (int i = 1; i <= size; i++) {
            NodeConfig.Builder builder = NodeConfig.builder("node" + i, dataDir.resolve("node" + i))
                    .listenPeerUrl(LOOPBACK_ANY_PORT).listenClientUrl(LOOPBACK_ANY_PORT);
            for (int j = 1; j <= size; j++) {
                builder.member("node" + j, LOOPBACK_ANY_PORT);
            }
            tuning.accept(builder);
            NodeConfig config = builder.build();
            configs.put(config.memberId(), config);
            members.put(config.memberId(), new LiveMember(config.name(), () -> running.get(config.memberId())));
        }
        NodeConfig any = configs.values().iterator().next();
        this.client = new KvClient(NodeParts.router(any, members, clientScheduler), clientScheduler);
    }

    /** {@code size} members with etcd's default timing, in a temporary directory deleted on close. */
    public static LocalCluster start(int size) throws IOException {
        return start(size, null, builder -> {});
    }

    /**
     * {@code size} members under {@code dataDir} (one directory per member, kept on close), or in a
     * temporary directory deleted on close if it is null. {@code tuning} may change each member's
     * configuration (timing, limits, snapshots, token) before it is built; it must leave the
     * members and URLs alone.
     */
    public static LocalCluster start(int size, Path dataDir, Consumer<NodeConfig.Builder> tuning) throws IOException {
        if (size < 1 || size > SIZE_MAX) {
            throw new IllegalArgumentException("size must be from 1 to " + SIZE_MAX + ", was " + size);
        }
        boolean temporary = dataDir == null;
        Path root = temporary ? Files.createTempDirectory("raftkv-local-cluster-") : dataDir;
        LocalCluster cluster = new LocalCluster(size, root, temporary, tuning);
        try {
            for (long id : cluster.configs.keySet()) {
                cluster.startMember(id);
            }
        } catch (IOException | RuntimeException failure) {
            cluster.close();
            throw failure;
        }
        return cluster;
    }

    /** Member ids in increasing order. */
    public List<Long> ids() {
        return new ArrayList<>(configs.keySet());
    }

    public NodeConfig config(long id) {
        NodeConfig config = configs.get(id);
        if (config == null) {
            throw new IllegalArgumentException("no member with id " + id + " (ids are "
                    + configs.keySet() + ")");
        }
        return config;
    }

    /** The running node of member {@code id}. */
    public RaftKvNode node(long id) {
        RaftKvNode node = running.get(id);
        if (node == null) {
            throw new IllegalStateException("member " + config(id).name() + " is stopped");
        }
        return node;
    }

    public boolean isRunning(long id) {
        return running.containsKey(id);
    }

    /** The running node that leads in the highest term any running node knows, if one does. */
    public Optional<RaftKvNode> leader() {
        return running.values().stream()
                .filter(node -> node.status().role() == Role.LEADER)
                .max(Comparator.comparingLong(node -> node.status().term()));
    }

    /** The embedded API over the whole cluster; it finds the leader and follows it. */
    public KvClient client() {
        return client;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops member {@code id} (a clean shutdown); its data directory stays. */
    public synchronized void stop(long id) {
        RaftKvNode node = node(id);
        running.remove(id);
        node.close();
    }

    /** Starts member {@code id} again from its data directory. */
    public synchronized RaftKvNode restart(long id) throws IOException {
        if (running.containsKey(id)) {
            throw new IllegalStateException("member " + config(id).name() + " is running; stop it first");
        }
        return startMember(id);
    }

    private synchronized RaftKvNode startMember(long id) throws IOException {
        RaftKvNode node = RaftKvNode.start(config(id), member -> members.get(member.id()));
        for (RaftKvNode other : running.values()) {
            other.updatePeerAddress(id, node.peerAddress());
            node.updatePeerAddress(other.id(), other.peerAddress());
        }
        running.put(id, node);
        return node;
    }

    /** Stops every member and the client's thread; deletes the data if it was temporary. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (long id : new ArrayList<>(running.keySet())) {
            stop(id);
        }
        clientScheduler.close();
        try {
            clientScheduler.awaitTermination(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsDataDir) {
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the cluster's temporary data in " + root, e);
        }
    }

    @Override
    public String toString() {
        return "local cluster of " + configs.size() + " in " + dataDir + ", running "
                + running.values().stream().map(RaftKvNode::name).sorted().toList();
    }

    /** Every running member's status, by member name; for logs and test failure messages. */
    public Map<String, NodeStatus> statuses() {
        Map<String, NodeStatus> statuses = new TreeMap<>();
        running.values().forEach(node -> statuses.put(node.name(), node.status()));
        return statuses;
    }
}
