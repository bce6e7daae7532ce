package io.raftkv.kv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.kv.node.Await;
import io.raftkv.kv.node.NodeConfig;
import io.raftkv.kv.node.NodeUrls;
import io.raftkv.kv.node.RaftKvNode;
import io.raftkv.raft.Role;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The etcdctl-style commands, run in-process against three nodes that serve clients over gRPC. */
class EtcdctlCommandTest {
    private static final List<String> NAMES = List.of("n1", "n2", "n3");
    @TempDir
    static Path dir;
    private static final List<RaftKvNode> nodes = new ArrayList<>();
    private static String endpoints;

    @BeforeAll
    static void startCluster() throws Exception {
        List<Integer> ports = NodeUrls.freePorts(2 * NAMES.size());
        List<String> clientUrls = new ArrayList<>();
        for (String name : NAMES) {
            NodeConfig.Builder builder = NodeConfig.builder(name, dir.resolve(name))
                    .listenClientUrl("http://127.0.0.1:" + clientPort(ports, name))
                    .heartbeatIntervalMs(20).electionTimeoutMs(200);
            for (String member : NAMES) {
                builder.member(member, "http://127.0.0.1:" + ports.get(NAMES.indexOf(member)));
                if (!member.equals(name)) {
                    builder.memberClientUrl(member, "http://127.0.0.1:" + clientPort(ports, member));
                }
            }
            nodes.add(RaftKvNode.start(builder.build()));
            clientUrls.add((clientUrls.isEmpty() ? "http://" : "") + "127.0.0.1:" + clientPort(ports, name));
        }
        endpoints = "--endpoints=" + String.join(",", clientUrls);
        Await.until("a leader", () -> nodes.stream().anyMatch(n -> n.status().role() == Role.LEADER),
                () -> nodes.stream().map(RaftKvNode::status).toList());
    }

    @AfterAll
    static void stopCluster() {
        nodes.forEach(RaftKvNode::close);
    }

    private static int clientPort(List<Integer> ports, String name) {
        return ports.get(NAMES.size() + NAMES.indexOf(name));
    }

    record Run(int status, String out, String err) {
    }

    /** A command run to its end, with {@code stdin} as its input. */
    private static Run run(String stdin, String... args) {
        return start(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args).finish();
    }

    /** A command running in its own thread, until it ends or is stopped. */
    private static final class Running {
        final EtcdctlCommand command;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Integer> status = new CompletableFuture<>();

        Running(InputStream in, String[] args) {
            command = new EtcdctlCommand(in, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            Thread thread = new Thread(() -> status.complete(command.run(withEndpoints(args))), "etcdctl-test");
            thread.setDaemon(true);
            thread.start();
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        void awaitOut(String what, Predicate test) {
            Await.until(what, () -> test.holds(out()), () -> "out: " + out() + "\nerr: " + err.toString(StandardCharsets.UTF_8));
        }

        Run finish() {
            int code = Await.result("the command " + command, status);
            return new Run(code, out(), err.toString(StandardCharsets.UTF_8));
        }
    }

    interface Predicate {
        boolean holds(String out);
    }

    private static Running start(InputStream in, String... args) {
        return new Running(in, args);
    }

    private static String[] withEndpoints(String[] args) {
        if (args.length == 0 || List.of(args).stream().anyMatch(arg -> arg.startsWith("--endpoints"))) {
            return args;
        }
        List<String> all = new ArrayList<>(List.of(args));
        all.add(all.get(0).equals("lock") ? 2 : all.size(), endpoints);
        return all.toArray(String[]::new);
    }

    private static void assertRun(int status, String out, Run run) {
        assertEquals(status, run.status(), () -> "status; err: " + run.err());
        assertEquals(out, run.out(), () -> "out; err: " + run.err());
    }

    @Test
    void putGetDelPrintAsEtcdctl() {
        assertRun(0, "OK\n", run("", "put", "/kv/a", "1"));
        assertRun(0, "OK\n", run("", "put", "/kv/b", "two words"));
        assertRun(0, "/kv/a\n1\n/kv/b\ntwo words\n", run("", "get", "/kv/", "--prefix"));
        assertRun(0, "/kv/a\n\n/kv/b\n\n", run("", "get", "/kv/", "--prefix", "--keys-only"));
        assertRun(0, "/kv/a\n1\n", run("", "get", "/kv/", "--prefix", "--limit=1"));
        assertRun(0, "", run("", "get", "/kv/none"));
        long before = nodes.get(0).client().kv().get("/kv/a").join().orElseThrow().getModRevision();
        assertRun(0, "OK\n", run("", "put", "/kv/a", "changed"));
        assertRun(0, "/kv/a\n1\n", run("", "get", "/kv/a", "--rev=" + before));
        assertRun(0, "2\n", run("", "del", "/kv/", "--prefix"));
        assertRun(0, "0\n", run("", "del", "/kv/a"));
    }

    @Test
    void txnReadsEtcdctlsSyntaxFromStdin() {
        String script = "create(\"/txn/k\") = \"0\"\n\nput /txn/k v1\nget /txn/k\n\nget /txn/k\n";
        assertRun(0, "SUCCESS\n\nOK\n\n/txn/k\nv1\n", run(script, "txn"));
        assertRun(0, "FAILURE\n\n/txn/k\nv1\n", run(script, "txn"));
        assertRun(0, "SUCCESS\n\n1\n", run("value(\"/txn/k\") = \"v1\"\n\ndel /txn/k\n", "txn"));
    }

    @Test
    void leasesPrintAsEtcdctl() {
        Run granted = run("", "lease", "grant", "30");
        Matcher id = Pattern.compile("lease ([0-9a-f]{16}) granted with TTL\\(30s\\)\n").matcher(granted.out());
        assertTrue(id.matches(), granted.out() + granted.err());
        String lease = id.group(1);
        assertRun(0, "OK\n", run("", "put", "/lease/k", "v", "--lease=" + lease));
        Run ttl = run("", "lease", "timetolive", lease, "--keys");
        assertTrue(ttl.out().matches("lease " + lease + " granted with TTL\\(30s\\), remaining\\(\\d+s\\), attached keys\\(\\[/lease/k\\]\\)\n"),
                ttl.out());
        assertRun(0, "lease " + lease + " keepalived with TTL(30)\n", run("", "lease", "keep-alive", lease, "--once"));
        assertTrue(run("", "lease", "list").out().contains("\n" + lease + "\n"));
        assertRun(0, "lease " + lease + " revoked\n", run("", "lease", "revoke", lease));
        assertRun(0, "", run("", "get", "/lease/k"));
        assertRun(0, "lease " + lease + " already expired\n", run("", "lease", "timetolive", lease));
        Run refused = run("", "lease", "revoke", lease);
        assertEquals(1, refused.status());
        assertEquals("Error: etcdserver: requested lease not found\n", refused.err());
        Run badLease = run("", "put", "/lease/k", "v", "--lease=" + lease);
        assertEquals(1, badLease.status());
        assertEquals("Error: etcdserver: requested lease not found\n", badLease.err());
    }

    @Test
    void badCommandLinesExit2NamingWhatIsWrong() {
        Run unknownFlag = run("", "get", "/k", "--bogus");
        assertEquals(2, unknownFlag.status());
        assertTrue(unknownFlag.err().startsWith("Error: unknown flag '--bogus'"), unknownFlag.err());
        Run missing = run("", "put", "/k");
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("put KEY VALUE"), missing.err());
        Run badRev = run("", "get", "/k", "--rev=x");
        assertEquals(2, badRev.status());
        assertTrue(badRev.err().contains("--rev 'x'"), badRev.err());
        Run badTxn = run("mod(\"k\") >= \"1\"\n", "txn");
        assertEquals(2, badTxn.status());
        assertTrue(badTxn.err().contains("unknown operator '>='"), badTxn.err());
        Run badEndpoint = run("", "get", "/k", "--endpoints=https://x:1");
        assertEquals(2, badEndpoint.status());
        assertTrue(badEndpoint.err().contains("--endpoints"), badEndpoint.err());
        assertEquals(2, run("", "frobnicate").status());
        assertEquals(2, run("", "lease", "revoke", "not-hex").status());
    }

    @Test
    void watchPrintsEventsUntilStopped() {
        long revision = nodes.get(0).client().kv().put("/watch/setup", "x").join().getHeader().getRevision();
        Running watch = start(new ByteArrayInputStream(new byte[0]), "watch", "/watch/k", "--prefix",
                "--rev=" + (revision + 1));
        assertRun(0, "OK\n", run("", "put", "/watch/k1", "v1"));
        assertRun(0, "1\n", run("", "del", "/watch/k1"));
        String expected = "PUT\n/watch/k1\nv1\nDELETE\n/watch/k1\n\n";
        watch.awaitOut("both events", out -> out.equals(expected));
        watch.command.stop();
        assertRun(0, expected, watch.finish());
    }

    @Test
    void lockPrintsItsKeyHoldsUntilStdinEndsAndReleases() throws Exception {
        PipedOutputStream stdin = new PipedOutputStream();
        Running lock = start(new PipedInputStream(stdin), "lock", "/locks/job");
        lock.awaitOut("the lock key", out -> out.matches("/locks/job/[0-9a-f]+\n"));
        String key = lock.out().trim();
        assertRun(0, key + "\n\n", run("", "get", "/locks/job", "--prefix", "--keys-only"));
        stdin.close();
        assertRun(0, key + "\n", lock.finish());
        assertRun(0, "", run("", "get", "/locks/job", "--prefix"));
    }

    @Test
    void lockRunsACommandWithTheKeyInItsEnvironment() {
        Run run = run("", "lock", "/locks/cmd", "sh", "-c", "echo held $ETCD_LOCK_KEY; exit 3");
        assertEquals(3, run.status(), run.err());
        assertTrue(run.out().matches("held /locks/cmd/[0-9a-f]+\n"), run.out());
        assertRun(0, "", run("", "get", "/locks/cmd", "--prefix"));
    }

    @Test
    void electCampaignsAndObserves() throws Exception {
        PipedOutputStream stdin = new PipedOutputStream();
        Running leader = start(new PipedInputStream(stdin), "elect", "/elections/e", "alpha");
        leader.awaitOut("the leader key and value", out -> out.matches("/elections/e/[0-9a-f]+\nalpha\n"));
        Running observer = start(new ByteArrayInputStream(new byte[0]), "elect", "/elections/e");
        observer.awaitOut("the observed leader", out -> out.equals(leader.out()));
        observer.command.stop();
        assertRun(0, leader.out(), observer.finish());
        stdin.close();
        assertEquals(0, leader.finish().status());
        assertRun(0, "", run("", "get", "/elections/e", "--prefix"));
    }

    @Test
    void statusListsEveryEndpointAndOneLeader() {
        Run status = run("", "status");
        assertEquals(0, status.status(), status.err());
        List<String> lines = status.out().lines().toList();
        assertEquals(7, lines.size(), status.out());
        assertTrue(lines.get(1).matches("\\| +ENDPOINT +\\| +ID +\\| REVISION \\| RAFT TERM \\| IS LEADER \\| ERRORS \\|"),
                lines.get(1));
        List<String> rows = lines.subList(3, 6);
        assertEquals(1, rows.stream().filter(row -> row.contains("| true ")).count(), status.out());
        assertEquals(2, rows.stream().filter(row -> row.contains("| false ")).count(), status.out());
        for (RaftKvNode node : nodes) {
            assertTrue(status.out().contains(String.format("| %x ", node.config().memberId())), status.out());
        }
    }

    @Test
    void statusNamesAnEndpointItCannotReachAndExits1() throws Exception {
        String dead = "127.0.0.1:" + NodeUrls.freePorts(1).get(0);
        Run status = run("", "status", endpoints + "," + dead);
        assertEquals(1, status.status(), status.out());
        assertEquals(1, status.out().lines().filter(row -> row.contains("| true ")).count(), status.out());
        assertTrue(status.out().lines().anyMatch(row -> row.startsWith("| " + dead + " ")
                && row.contains("endpoint " + dead + " was not reached")), status.out());
    }
}
