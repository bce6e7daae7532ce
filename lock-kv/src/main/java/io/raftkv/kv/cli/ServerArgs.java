package io.raftkv.kv.cli;

import io.raftkv.kv.node.ClusterIds;
import io.raftkv.kv.node.InitialClusterState;
import io.raftkv.kv.node.Member;
import io.raftkv.kv.node.NodeConfig;
import io.raftkv.kv.node.NodeConfigException;
import io.raftkv.kv.node.NodeUrls;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flags of {@code server}, named and defaulted as etcd's are where the concept is the same,
 * turned into a {@link NodeConfig}. Each flag takes one value, as {@code --flag value} or
 * {@code --flag=value}; URL flags take one URL each (etcd takes lists).
 */
public final class ServerArgs {
    public static final String USAGE = """
            usage: server [flags]
              --name NAME                          this member's name (default: default)
              --data-dir DIR                       where the node keeps its data (default: NAME.raftkv)
              --listen-peer-urls URL               where to listen for peers (default: http://localhost:2380)
              --initial-advertise-peer-urls URL    this member's peer URL, as in --initial-cluster
                                                   (default: http://localhost:2380)
              --listen-client-urls URL             where to listen for clients (default: http://localhost:2379)
              --advertise-client-urls URL          this member's client URL (default: http://localhost:2379)
              --initial-cluster NAME=URL,...       every member and its peer URL
                                                   (default: NAME=the advertised peer URL)
              --initial-cluster-client-urls NAME=URL,...
                                                   other members' client URLs, so that this node reaches the
                                                   leader for its clients (raftkv's; etcd members learn them
                                                   through membership) (default: none known)
              --initial-cluster-state new|existing new founds the cluster; existing needs this member's data
                                                   (default: new)
              --initial-cluster-token TOKEN        names the cluster; member and cluster ids derive from it
                                                   and the member names (default: raftkv-cluster)
              --heartbeat-interval MS              Raft tick and heartbeat period (default: 100)
              --election-timeout MS                at least 5 heartbeat intervals (default: 1000)
              --demo-cron-worker JOB               raftkv's: also run the demo's cron worker for JOB in this
                                                   process (./raftkv demo starts its nodes so)""";

    static final List<String> FLAGS = List.of("--name", "--data-dir", "--listen-peer-urls",
            "--initial-advertise-peer-urls", "--listen-client-urls", "--advertise-client-urls", "--initial-cluster",
            "--initial-cluster-client-urls", "--demo-cron-worker",
            "--initial-cluster-state", "--initial-cluster-token", "--heartbeat-interval", "--election-timeout");
    private static final String DEFAULT_PEER_URL = "http://localhost:2380";
    private static final String DEFAULT_CLIENT_URL = "http://localhost:2379";

    private ServerArgs() {}

    /** The node configuration the flags describe; a bad flag fails naming the flag and the rule. */
    public static NodeConfig parse(String[] args) throws UsageException {
        Map<String, String> values = read(args);
        try {
            return build(values);
        } catch (NodeConfigException bad) {
            throw new UsageException(flagOf(bad.field()) + " '" + bad.value() + "': " + bad.rule());
        }
    }

    /** The job of {@code --demo-cron-worker}, if given: letters, digits, '.', '_' or '-'. */
    public static Optional<String> demoCronJob(String[] args) throws UsageException {
        String job = read(args).get("--demo-cron-worker");
        if (job != null && !job.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new UsageException("--demo-cron-worker '" + job + "': must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return Optional.ofNullable(job);
    }

    private static Map<String, String> read(String[] args) throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String flag = equals > 0 ? arg.substring(0, equals) : arg;
            if (!FLAGS.contains(flag)) {
                throw new UsageException("unknown flag '" + flag + "'");
            }
            if (equals < 0 && i + 1 >= args.length) {
                throw new UsageException(flag + " needs a value");
            }
            String value = equals > 0 ? arg.substring(equals + 1) : args[++i];
            if (values.put(flag, value) != null) {
                throw new UsageException(flag + " is given twice");
            }
        }
        return values;
    }

    private static NodeConfig build(Map<String, String> values) throws UsageException {
        String name = Member.requireValidName("--name", values.getOrDefault("--name", "default"));
        URI advertisedPeer = url(values, "--initial-advertise-peer-urls", DEFAULT_PEER_URL);
        String initialCluster = values.getOrDefault("--initial-cluster", name + "=" + advertisedPeer);
        String token = values.getOrDefault("--initial-cluster-token", ClusterIds.DEFAULT_TOKEN);
        NodeConfig.Builder builder = NodeConfig.builder(name, path(values.getOrDefault("--data-dir", name + ".raftkv")))
                .clusterToken(token)
                .listenPeerUrl(url(values, "--listen-peer-urls", DEFAULT_PEER_URL).toString())
                .listenClientUrl(url(values, "--listen-client-urls", DEFAULT_CLIENT_URL).toString())
                .advertiseClientUrl(url(values, "--advertise-client-urls", DEFAULT_CLIENT_URL).toString())
                .initialClusterState(state(values.getOrDefault("--initial-cluster-state", "new")))
                .heartbeatIntervalMs(millis(values, "--heartbeat-interval", NodeConfig.DEFAULT_HEARTBEAT_INTERVAL_MS))
                .electionTimeoutMs(millis(values, "--election-timeout", NodeConfig.DEFAULT_ELECTION_TIMEOUT_MS));
        Map<String, URI> members = members(initialCluster);
        URI listed = members.get(name);
        if (listed == null) {
            throw new UsageException("--initial-cluster '" + initialCluster + "': has no entry for --name '" + name
                    + "'");
        }
        if (!listed.equals(advertisedPeer)) {
            throw new UsageException("--initial-advertise-peer-urls '" + advertisedPeer + "': must be the URL that"
                    + " --initial-cluster gives member '" + name + "' (" + listed + ")");
        }
        members.forEach((member, url) -> builder.member(member, url.toString()));
        if (values.containsKey("--initial-cluster-client-urls")) {
            clientUrls(values.get("--initial-cluster-client-urls"))
                    .forEach((member, url) -> builder.memberClientUrl(member, url.toString()));
        }
        return builder.build();
    }

    /** NAME=URL,... with one URL per name; with more than one member, every port is known (not 0). */
    private static Map<String, URI> members(String initialCluster) throws UsageException {
        Map<String, URI> members = namedUrls("--initial-cluster", initialCluster);
        for (Map.Entry<String, URI> member : members.entrySet()) {
            if (members.size() > 1 && member.getValue().getPort() == 0) {
                throw new UsageException("--initial-cluster '" + initialCluster + "': member '" + member.getKey()
                        + "' has port 0, which the other members cannot reach");
            }
        }
        return members;
    }

    /** Other members' client URLs; the names are checked against the members when the config is built. */
    private static Map<String, URI> clientUrls(String list) throws UsageException {
        return namedUrls("--initial-cluster-client-urls", list);
    }

    /** {@code flag}'s NAME=URL,... list, in order, one URL per name. */
    private static Map<String, URI> namedUrls(String flag, String list) throws UsageException {
        Map<String, URI> urls = new LinkedHashMap<>();
        for (String entry : list.split(",", -1)) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new UsageException(flag + " '" + list + "': must be NAME=URL,... (entry '" + entry + "' is not)");
            }
            String member = entry.substring(0, equals).trim();
            if (urls.put(member, NodeUrls.parse(flag, entry.substring(equals + 1))) != null) {
                throw new UsageException(flag + " '" + list + "': names member '" + member
                        + "' twice (one URL per member)");
            }
        }
        return urls;
    }

    private static URI url(Map<String, String> values, String flag, String fallback) throws UsageException {
        String value = values.getOrDefault(flag, fallback);
        if (value.contains(",")) {
            throw new UsageException(flag + " '" + value + "': takes one URL (lists are not supported yet)");
        }
        return NodeUrls.parse(flag, value);
    }

    private static long millis(Map<String, String> values, String flag, long fallback) throws UsageException {
        String value = values.get(flag);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notANumber) {
            throw new UsageException(flag + " '" + value + "': must be a whole number of milliseconds");
        }
    }

    private static InitialClusterState state(String value) throws UsageException {
        InitialClusterState state = InitialClusterState.parse(value);
        if (state == null) {
            throw new UsageException("--initial-cluster-state '" + value + "': must be new or existing");
        }
        return state;
    }

    private static Path path(String value) throws UsageException {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException("--data-dir '" + value + "': is not a valid path (" + e.getReason() + ")");
        }
    }

    /** The flag that sets a NodeConfig field (URL fields are checked under their flag's name already). */
    static String flagOf(String field) {
        if (field.startsWith("--")) {
            return field;
        }
        if (field.startsWith("members[") && field.endsWith(".clientUrl")) {
            return "--advertise-client-urls";
        }
        if (field.startsWith("members")) {
            return "--initial-cluster";
        }
        if (field.startsWith("clientUrls[")) {
            return "--initial-cluster-client-urls";
        }
        return switch (field) {
            case "name" -> "--name";
            case "dataDir" -> "--data-dir";
            case "clusterToken" -> "--initial-cluster-token";
            case "heartbeatIntervalMs" -> "--heartbeat-interval";
            case "electionTimeoutMs" -> "--election-timeout";
            default -> field;
        };
    }
}
