package io.raftkv.kv.cli;

import com.google.protobuf.ByteString;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.node.ClusterIds;
import io.raftkv.kv.proto.RangeRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A cluster of {@code server} processes on loopback, for real-process tests and benchmarks: one
 * child JVM per member, each with its own data directory under {@code dataRoot} and its own free
 * peer and client ports, which it keeps across restarts. Members can be SIGKILLed and started
 * again from their data. {@link #close()} kills whatever still runs and waits for it to die.
 */
public final class ProcessCluster implements AutoCloseable {
    /** How a cluster is started. {@code mainClass} takes {@code server}'s flags. */
    public record Options(int size, String mainClass, long heartbeatIntervalMs, long electionTimeoutMs,
                          long readyDeadlineMs, long exitDeadlineMs, List<String> jvmArgs) {
        public static final int SIZE_MAX = 9;

        public Options {
            if (size < 1 || size > SIZE_MAX) {
                throw new IllegalArgumentException("size must be from 1 to " + SIZE_MAX + ", was " + size);
            }
            if (readyDeadlineMs <= 0 || exitDeadlineMs <= 0) {
                throw new IllegalArgumentException("deadlines must be positive: ready " + readyDeadlineMs
                        + " ms, exit " + exitDeadlineMs + " ms");
            }
            jvmArgs = List.copyOf(jvmArgs);
        }

        /** Three members of {@code ./raftkv server} with etcd's timing. */
        public static Options defaults() {
            return new Options(3, ServerCommand.class.getName(), 100, 1_000, 30_000, 10_000, List.of("-Xmx512m"));
        }

        public Options withMainClass(String name) {
            return new Options(size, name, heartbeatIntervalMs, electionTimeoutMs, readyDeadlineMs, exitDeadlineMs,
                    jvmArgs);
        }

        public Options withTiming(long heartbeatMs, long electionMs) {
            return new Options(size, mainClass, heartbeatMs, electionMs, readyDeadlineMs, exitDeadlineMs, jvmArgs);
        }
    }

    private final Options options;
    private final TreeMap<Long, NodeProcess> nodes;
    private int kills;

    private ProcessCluster(Options options, TreeMap<Long, NodeProcess> nodes) {
        this.options = options;
        this.nodes = nodes;
    }

    /** Starts every member under {@code dataRoot} and waits until each says it is up. */
    public static ProcessCluster start(Path dataRoot, Options options) throws IOException, InterruptedException {
        Files.createDirectories(dataRoot);
        List<String> names = new ArrayList<>();
        Map<String, Integer> peerPorts = new TreeMap<>();
        Map<String, Integer> clientPorts = new TreeMap<>();
        for (int i = 1; i <= options.size(); i++) {
            String name = "node" + i;
            names.add(name);
            peerPorts.put(name, freePort());
            clientPorts.put(name, freePort());
        }
        String initialCluster = urls(names, peerPorts);
        TreeMap<Long, NodeProcess> nodes = new TreeMap<>();
        for (String name : names) {
            List<String> command = new ArrayList<>(List.of(javaBinary()));
            command.addAll(options.jvmArgs());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), options.mainClass(),
                    "--name", name,
                    "--data-dir", dataRoot.resolve(name).toString(),
                    "--listen-peer-urls", url(peerPorts.get(name)),
                    "--initial-advertise-peer-urls", url(peerPorts.get(name)),
                    "--listen-client-urls", url(clientPorts.get(name)),
                    "--advertise-client-urls", url(clientPorts.get(name)),
                    "--initial-cluster", initialCluster,
                    "--heartbeat-interval", Long.toString(options.heartbeatIntervalMs()),
                    "--election-timeout", Long.toString(options.electionTimeoutMs())));
            if (names.size() > 1) {
                command.addAll(List.of("--initial-cluster-client-urls", urls(others(names, name), clientPorts)));
            }
            long id = ClusterIds.memberId(ClusterIds.DEFAULT_TOKEN, name);
            InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), clientPorts.get(name));
            nodes.put(id, new NodeProcess(name, id, client, dataRoot, command));
        }
        ProcessCluster cluster = new ProcessCluster(options, nodes);
        try {
            for (NodeProcess node : nodes.values()) {
                node.start("new");
            }
            for (NodeProcess node : nodes.values()) {
                node.awaitUp(options.readyDeadlineMs());
            }
        } catch (IOException | InterruptedException | RuntimeException failure) {
            cluster.close();
            throw failure;
        }
        return cluster;
    }

    /** Member ids in increasing order. */
    public List<Long> ids() {
        return new ArrayList<>(nodes.keySet());
    }

    /** Every member's client address, for {@link io.raftkv.kv.grpc.RemoteCluster#connect}. */
    public Map<Long, InetSocketAddress> clientAddresses() {
        Map<Long, InetSocketAddress> addresses = new TreeMap<>();
        nodes.forEach((id, node) -> addresses.put(id, node.clientAddress()));
        return addresses;
    }

    public String name(long id) {
        return node(id).name();
    }

    public boolean isAlive(long id) {
        return node(id).isAlive();
    }

    /** SIGKILLs member {@code id} and waits for it to die. */
    public void kill(long id) throws IOException, InterruptedException {
        node(id).sigkill(options.exitDeadlineMs());
        kills++;
    }

    /** Starts member {@code id} again from its data directory and waits until it is up. */
    public void restart(long id) throws IOException, InterruptedException {
        NodeProcess node = node(id);
        node.start("existing");
        node.awaitUp(options.readyDeadlineMs());
    }

    public int kills() {
        return kills;
    }

    /**
     * The member that leads now: the one that answered a linearizable read through {@code routed}
     * (a leader-finding service), as its response header names it. Fails after {@code deadlineMs}.
     */
    public static long leader(KvService routed, long deadlineMs) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
        RangeRequest probe = RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("/")).setLimit(1).build();
        Throwable last = null;
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            try {
                return routed.range(probe).get(left, TimeUnit.NANOSECONDS).getHeader().getMemberId();
            } catch (ExecutionException failed) {
                last = failed.getCause();
            }
        }
        throw new TimeoutException("no leader answered within " + deadlineMs + " ms (last failure: " + last + ")");
    }

    /** What every member's process is, for failure messages. */
    public String describe() {
        StringJoiner text = new StringJoiner(", ");
        nodes.values().forEach(node -> text.add(node + (node.isAlive() ? " alive" : " dead")));
        return text.toString();
    }

    /** The last lines of a member's log, for failure messages. */
    public String logTail(long id) {
        return node(id).logTail();
    }

    /** Members whose process (or a child of it) still runs. */
    public List<String> alive() {
        return nodes.values().stream().filter(NodeProcess::isAlive).map(NodeProcess::toString).toList();
    }

    /** SIGKILLs every member still running and waits for each to die; then none runs. */
    @Override
    public void close() throws IOException, InterruptedException {
        IOException failure = null;
        for (NodeProcess node : nodes.values()) {
            try {
                node.sigkill(options.exitDeadlineMs());
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private NodeProcess node(long id) {
        NodeProcess node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("no member " + id + "; members are " + nodes.keySet());
        }
        return node;
    }

    private static String urls(List<String> names, Map<String, Integer> ports) {
        StringJoiner joined = new StringJoiner(",");
        names.forEach(name -> joined.add(name + "=" + url(ports.get(name))));
        return joined.toString();
    }

    private static List<String> others(List<String> names, String self) {
        return names.stream().filter(name -> !name.equals(self)).toList();
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** A port free now; another process may take it before the member binds it (rare on loopback). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
