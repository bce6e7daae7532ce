package io.raftkv.kv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.kv.node.ClusterIds;
import io.raftkv.kv.node.InitialClusterState;
import io.raftkv.kv.node.Member;
import io.raftkv.kv.node.NodeConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerArgsTest {
    private static final String CLUSTER = "infra0=http://10.0.1.10:2380,infra1=http://10.0.1.11:2380,"
            + "infra2=http://10.0.1.12:2380";

    /** etcd's static bootstrap example, for member {@code name} at {@code ip}. */
    private static String[] member(String name, String ip) {
        return new String[] {"--name", name, "--initial-advertise-peer-urls", "http://" + ip + ":2380",
                "--listen-peer-urls=http://" + ip + ":2380", "--listen-client-urls", "http://" + ip + ":2379",
                "--advertise-client-urls", "http://" + ip + ":2379", "--initial-cluster-token", "etcd-cluster-1",
                "--initial-cluster", CLUSTER, "--initial-cluster-state", "new", "--data-dir", "/data/" + name,
                "--heartbeat-interval", "50", "--election-timeout=500"};
    }

    @Test
    void etcdsStaticBootstrapFlagsGiveEveryMemberTheSameClusterAndIds() throws UsageException {
        NodeConfig infra0 = ServerArgs.parse(member("infra0", "10.0.1.10"));
        NodeConfig infra2 = ServerArgs.parse(member("infra2", "10.0.1.12"));
        assertEquals("infra0", infra0.name());
        assertEquals(ClusterIds.memberId("etcd-cluster-1", "infra0"), infra0.memberId());
        assertEquals(infra0.clusterId(), infra2.clusterId());
        // Each knows its own client URL only; ids and peer URLs are the same everywhere.
        assertEquals(infra0.members().stream().map(m -> m.id() + "@" + m.peerUrl()).toList(),
                infra2.members().stream().map(m -> m.id() + "@" + m.peerUrl()).toList());
        assertEquals(Optional.empty(), infra2.member(infra0.memberId()).orElseThrow().clientUrl());
        assertEquals(List.of("infra0", "infra1", "infra2"), infra0.members().stream().map(Member::name).sorted().toList());
        assertEquals(URI.create("http://10.0.1.10:2380"), infra0.listenPeerUrl());
        assertEquals(Optional.of(URI.create("http://10.0.1.10:2379")), infra0.listenClientUrl());
        assertEquals(Optional.of(URI.create("http://10.0.1.10:2379")), infra0.self().clientUrl());
        assertEquals(Path.of("/data/infra0"), infra0.dataDir());
        assertEquals(50, infra0.heartbeatIntervalMs());
        assertEquals(500, infra0.electionTimeoutMs());
        assertEquals(InitialClusterState.NEW, infra0.initialClusterState());
    }

    @Test
    void withoutFlagsTheDefaultsAreEtcds() throws UsageException {
        NodeConfig config = ServerArgs.parse(new String[0]);
        assertEquals("default", config.name());
        assertEquals(Path.of("default.raftkv"), config.dataDir());
        assertEquals(URI.create("http://localhost:2380"), config.listenPeerUrl());
        assertEquals(URI.create("http://localhost:2380"), config.self().peerUrl());
        assertEquals(Optional.of(URI.create("http://localhost:2379")), config.listenClientUrl());
        assertEquals(1, config.members().size());
        assertEquals(ClusterIds.memberId(ClusterIds.DEFAULT_TOKEN, "default"), config.memberId());
        assertEquals(100, config.heartbeatIntervalMs());
        assertEquals(1_000, config.electionTimeoutMs());
        NodeConfig named = ServerArgs.parse(new String[] {"--name", "solo", "--initial-cluster-state", "existing"});
        assertEquals(Path.of("solo.raftkv"), named.dataDir());
        assertEquals("solo", named.self().name());
        assertEquals(InitialClusterState.EXISTING, named.initialClusterState());
    }

    private static void bad(String expected, String... args) {
        UsageException refused = assertThrows(UsageException.class, () -> ServerArgs.parse(args));
        assertTrue(refused.getMessage().contains(expected), "expected '" + expected + "' in: " + refused.getMessage());
    }

    @Test
    void badFlagsAreRefusedNamingTheFlagAndTheRule() {
        bad("unknown flag '--peer-urls'", "--peer-urls", "http://h:1");
        bad("--name needs a value", "--name");
        bad("--name is given twice", "--name", "a", "--name=b");
        bad("--name 'a b': must be 1 to 64 letters", "--name", "a b");
        bad("--heartbeat-interval 'fast': must be a whole number of milliseconds", "--heartbeat-interval", "fast");
        bad("--heartbeat-interval '0': must be from 1 to", "--heartbeat-interval", "0");
        bad("--election-timeout '300': must be at least 5 heartbeat intervals (5 x 100 ms)",
                "--election-timeout", "300");
        bad("--initial-cluster-state 'joining': must be new or existing", "--initial-cluster-state", "joining");
        bad("--listen-peer-urls 'https://h:1': must be http://host:port", "--listen-peer-urls", "https://h:1");
        bad("--listen-client-urls 'http://a:1,http://b:1': takes one URL", "--listen-client-urls", "http://a:1,http://b:1");
        bad("--advertise-client-urls 'localhost': must be http://host:port", "--advertise-client-urls", "localhost");
        bad("--initial-cluster-token ' ': must not be blank", "--initial-cluster-token", " ");
    }

    @Test
    void theInitialClusterMustListThisMemberAtItsAdvertisedUrlOncePerName() {
        bad("--initial-cluster 'a=http://h:1': has no entry for --name 'default'", "--initial-cluster", "a=http://h:1");
        bad("--initial-advertise-peer-urls 'http://h:2': must be the URL that --initial-cluster gives member 'a'"
                + " (http://h:1)", "--name", "a", "--initial-cluster", "a=http://h:1", "--initial-advertise-peer-urls",
                "http://h:2");
        bad("names member 'a' twice", "--name", "a", "--initial-cluster", "a=http://h:1,a=http://h:2");
        bad("entry 'b' is not", "--name", "a", "--initial-cluster", "a=http://h:1,b");
        bad("--initial-cluster 'ftp://h:2': must be http://host:port", "--name", "a",
                "--initial-cluster", "a=http://h:1,b=ftp://h:2", "--initial-advertise-peer-urls", "http://h:1");
        bad("member 'b' has port 0", "--name", "a", "--initial-cluster", "a=http://h:1,b=http://h:0",
                "--initial-advertise-peer-urls", "http://h:1");
        bad("--initial-cluster 'b c': must be 1 to 64 letters", "--name", "a", "--initial-cluster",
                "a=http://h:1,b c=http://h:2", "--initial-advertise-peer-urls", "http://h:1");
    }

    @Test
    void initialClusterClientUrlsTellThisNodeWhereTheOtherMembersServeClients() throws UsageException {
        String[] flags = member("infra0", "10.0.1.10");
        String[] withUrls = java.util.Arrays.copyOf(flags, flags.length + 2);
        withUrls[flags.length] = "--initial-cluster-client-urls";
        withUrls[flags.length + 1] = "infra1=http://10.0.1.11:2379,infra2=http://10.0.1.12:2379";
        NodeConfig config = ServerArgs.parse(withUrls);
        assertEquals(List.of(Optional.of(URI.create("http://10.0.1.10:2379")),
                        Optional.of(URI.create("http://10.0.1.11:2379")), Optional.of(URI.create("http://10.0.1.12:2379"))),
                config.members().stream().sorted(java.util.Comparator.comparing(Member::name))
                        .map(Member::clientUrl).toList());

        bad("--initial-cluster-client-urls 'x=http://h:2': names no member", "--name", "a", "--initial-cluster",
                "a=http://h:1", "--initial-advertise-peer-urls", "http://h:1", "--initial-cluster-client-urls",
                "x=http://h:2");
        bad("--initial-cluster-client-urls 'a=http://h:2': is this node's own", "--name", "a", "--initial-cluster",
                "a=http://h:1", "--initial-advertise-peer-urls", "http://h:1", "--initial-cluster-client-urls",
                "a=http://h:2");
        bad("--initial-cluster-client-urls 'h': must be http://host:port", "--initial-cluster-client-urls", "b=h");
        bad("names member 'b' twice", "--initial-cluster-client-urls", "b=http://h:1,b=http://h:2");
        bad("entry 'b' is not", "--initial-cluster-client-urls", "b");
    }

    @Test
    void theDemoCronWorkerFlagNamesAJob() throws UsageException {
        assertEquals(Optional.of("job9"), ServerArgs.demoCronJob(new String[] {"--name", "a", "--demo-cron-worker", "job9"}));
        assertEquals(Optional.empty(), ServerArgs.demoCronJob(new String[] {"--name", "a"}));
        assertEquals("a", ServerArgs.parse(new String[] {"--name", "a", "--demo-cron-worker=job9"}).name());
        UsageException refused = assertThrows(UsageException.class,
                () -> ServerArgs.demoCronJob(new String[] {"--demo-cron-worker", "job 9"}));
        assertEquals("--demo-cron-worker 'job 9': must be 1 to 64 letters, digits, '.', '_' or '-'", refused.getMessage());
    }

    @Test
    void theCommandExitsTwoOnABadFlagAndPrintsUsageOnHelp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ServerCommand command = new ServerCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, command.run(new String[] {"--election-timeout", "10"}));
        String error = err.toString(StandardCharsets.UTF_8);
        assertTrue(error.startsWith("server: --election-timeout '10': must be at least 5 heartbeat intervals"), error);
        assertTrue(error.contains("usage: server [flags]"), error);
        assertEquals("", out.toString(StandardCharsets.UTF_8));

        assertEquals(0, command.run(new String[] {"--help"}));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--initial-cluster-token TOKEN"));
    }
}
