package io.raftkv.kv.etcdcompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * etcd's own command line client, {@code etcdctl} (API 3; Debian's {@code etcd-client}, which
 * .ci/run installs where it can), against a three-node raftkv cluster. Skipped when no etcdctl is
 * installed. Each command's output is etcd's, in etcdctl's default ("simple") format.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EtcdctlCompatTest {
    private static final Pattern GRANTED = Pattern.compile("lease ([0-9a-f]+) granted with TTL\\((\\d+)s\\)");

    private EtcdCompatCluster cluster;
    private Etcdctl etcdctl;

    @BeforeAll
    void start() throws Exception {
        Optional<Path> binary = Etcdctl.find();
        if (binary.isPresent()) {
            cluster = new EtcdCompatCluster();
            etcdctl = new Etcdctl(binary.get(), cluster.leaderEndpoint());
        }
    }

    /** Each test reports itself skipped, with the reason, where there is no etcdctl. */
    @BeforeEach
    void requireEtcdctl() {
        Assumptions.assumeTrue(etcdctl != null, "etcdctl is not installed (Debian: apt-get install etcd-client;"
                + " or set ETCDCTL_BINARY): the etcdctl compatibility tests are skipped");
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Etcdctl.Result ok(String... args) {
        return okWithInput(null, args);
    }

    private Etcdctl.Result okWithInput(String stdin, String... args) {
        Etcdctl.Result result = etcdctl.runWithInput(stdin, args);
        assertEquals(0, result.exitCode(), () -> "etcdctl " + String.join(" ", args) + ": " + result);
        return result;
    }

    private long revision() {
        // -w fields prints the header's revision as "Revision" : N
        Etcdctl.Result result = ok("get", "/", "--prefix", "--keys-only", "-w", "fields");
        Matcher matcher = Pattern.compile("\"Revision\" : (\\d+)").matcher(result.out());
        assertTrue(matcher.find(), result.toString());
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void putGetPrefixRevAndDel() {
        assertEquals("OK", ok("put", "/ctl/a", "1").out());
        long afterFirst = revision();
        assertEquals("OK", ok("put", "/ctl/b", "2").out());
        assertEquals("OK", ok("put", "/ctl/a", "3").out());

        assertEquals(List.of("/ctl/a", "3"), ok("get", "/ctl/a").lines());
        assertEquals(List.of("/ctl/a", "3", "/ctl/b", "2"), ok("get", "/ctl/", "--prefix").lines());
        assertEquals(List.of("/ctl/a", "1"), ok("get", "/ctl/", "--prefix", "--rev=" + afterFirst).lines());
        assertEquals(List.of("/ctl/a", "/ctl/b"), ok("get", "/ctl/", "--prefix", "--keys-only").lines()
                .stream().filter(line -> !line.isEmpty()).toList());
        assertTrue(ok("get", "/ctl/", "--prefix", "-w", "fields").lines().contains("\"Count\" : 2"));

        assertEquals("1", ok("del", "/ctl/a").out());
        assertEquals(List.of("/ctl/b", "2"), ok("get", "/ctl/", "--prefix").lines());
        assertEquals("0", ok("del", "/ctl/nothing").out());
        ok("put", "/ctl/c", "4");
        assertEquals("2", ok("del", "/ctl/", "--prefix").out());
        assertEquals("", ok("get", "/ctl/", "--prefix").out());
    }

    @Test
    void txnFromStdin() {
        String createIfAbsent = "create(\"/ctl/txn\") = \"0\"\n\nput /ctl/txn mine\n\nget /ctl/txn\n\n";
        assertEquals(List.of("SUCCESS", "", "OK"), okWithInput(createIfAbsent, "txn").lines());
        assertEquals(List.of("FAILURE", "", "/ctl/txn", "mine"), okWithInput(createIfAbsent, "txn").lines());

        String valueCompare = "value(\"/ctl/txn\") = \"mine\"\n\ndel /ctl/txn\n\n\n";
        assertEquals(List.of("SUCCESS", "", "1"), okWithInput(valueCompare, "txn").lines());
        assertEquals("", ok("get", "/ctl/txn").out());
    }

    @Test
    void txnInteractive() {
        String lock = "create(\"/ctl/itxn\") = \"0\"\n\nput /ctl/itxn holder\n\nget /ctl/itxn\n\n";
        List<String> first = okWithInput(lock, "txn", "--interactive").lines();
        assertTrue(first.get(0).startsWith("compares:"), first.toString());
        assertEquals(List.of("SUCCESS", "", "OK"), first.subList(first.size() - 3, first.size()));
        List<String> second = okWithInput(lock, "txn", "--interactive").lines();
        assertEquals(List.of("FAILURE", "", "/ctl/itxn", "holder"), second.subList(second.size() - 4, second.size()));
    }

    /** As with etcd, a follower forwards what it cannot serve to the leader: etcdctl may use any member. */
    @Test
    void aFollowerForwardsWritesAndLinearizableReadsToTheLeader() {
        Etcdctl follower = new Etcdctl(Etcdctl.find().orElseThrow(), cluster.followerEndpoint());
        Etcdctl.Result put = follower.run("put", "/forwarded/ctl", "v");
        assertEquals(0, put.exitCode(), put.toString());
        assertEquals("OK", put.out().strip());
        Etcdctl.Result read = follower.run("get", "/forwarded/ctl");
        assertEquals(0, read.exitCode(), read.toString());
        assertEquals(List.of("/forwarded/ctl", "v"), read.out().lines().toList());
    }

    @Test
    void leaseGrantKeepAliveTimeToLiveRevoke() {
        Etcdctl.Result granted = ok("lease", "grant", "30");
        Matcher matcher = GRANTED.matcher(granted.out());
        assertTrue(matcher.matches(), granted.toString());
        String id = matcher.group(1);
        assertEquals("30", matcher.group(2));

        assertEquals("OK", ok("put", "/ctl/leased", "v", "--lease=" + id).out());
        assertEquals("lease " + id + " keepalived with TTL(30)", ok("lease", "keep-alive", "--once", id).out());

        String ttl = ok("lease", "timetolive", id, "--keys").out();
        assertTrue(ttl.matches("lease " + id + " granted with TTL\\(30s\\), remaining\\((\\d+)s\\), attached keys\\(\\[/ctl/leased\\]\\)"),
                ttl);
        assertTrue(ok("lease", "list").out().contains(id));

        assertEquals("lease " + id + " revoked", ok("lease", "revoke", id).out());
        assertEquals("", ok("get", "/ctl/leased").out());
        assertEquals("lease " + id + " already expired", ok("lease", "timetolive", id).out());
    }

    @Test
    void watchPrintsEventsInOrder() throws Exception {
        long start = revision() + 1;
        ok("put", "/ctl/w/a", "1");
        ok("put", "/ctl/w/b", "2");
        ok("del", "/ctl/w/a");
        Process watch = etcdctl.start("watch", "/ctl/w/", "--prefix", "--rev=" + start);
        BlockingQueue<String> lines = readLines(watch);
        List<String> seen = new ArrayList<>();
        try {
            List<String> expected = List.of("PUT", "/ctl/w/a", "1", "PUT", "/ctl/w/b", "2", "DELETE", "/ctl/w/a", "",
                    "PUT", "/ctl/w/b", "3");
            take(lines, seen, 9);
            ok("put", "/ctl/w/b", "3"); // a live event after the history
            take(lines, seen, 12);
            assertEquals(expected, seen);
        } finally {
            end(watch);
        }
    }

    /** etcdctl lock (clientv3's concurrency.Mutex over KV, Lease and Watch): the second waits for the first. */
    @Test
    void lockWaitsForTheHolderThenAcquires() throws Exception {
        Process holder = etcdctl.start("lock", "/ctl/lock");
        Process waiter = null;
        try {
            List<String> held = new ArrayList<>();
            take(readLines(holder), held, 1);
            assertTrue(held.get(0).startsWith("/ctl/lock/"), held.toString());

            waiter = etcdctl.start("lock", "/ctl/lock", "echo", "second holder");
            BlockingQueue<String> waiterLines = readLines(waiter);
            assertEquals(null, waiterLines.poll(1500, TimeUnit.MILLISECONDS), "the second acquired while the first held");
            assertTrue(waiter.isAlive());

            end(holder); // SIGTERM: etcdctl closes its session, revoking the lease
            List<String> second = new ArrayList<>();
            take(waiterLines, second, 1);
            assertEquals("second holder", second.get(0));
            assertTrue(waiter.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, waiter.exitValue());
        } finally {
            end(holder);
            if (waiter != null) {
                end(waiter);
            }
        }
        assertEquals("", ok("get", "/ctl/lock/", "--prefix").out());
    }

    /** etcdctl elect (clientv3's concurrency.Election): a candidate wins, a listener sees it. */
    @Test
    void electCampaignAndListen() throws Exception {
        Process listener = etcdctl.start("elect", "/ctl/elect", "--listen");
        Process candidate = etcdctl.start("elect", "/ctl/elect", "candidate-1");
        try {
            List<String> won = new ArrayList<>();
            take(readLines(candidate), won, 2);
            assertTrue(won.get(0).startsWith("/ctl/elect/"), won.toString());
            assertEquals("candidate-1", won.get(1));
            List<String> heard = new ArrayList<>();
            take(readLines(listener), heard, 2);
            assertEquals(won, heard);
        } finally {
            end(candidate);
            end(listener);
        }
    }

    private static BlockingQueue<String> readLines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // the process was ended
            }
        }, "etcdctl-lines");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static void end(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static void take(BlockingQueue<String> lines, List<String> seen, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (seen.size() < count) {
            String line = lines.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new AssertionError("etcdctl watch printed only " + seen + " in 10 s");
            }
            seen.add(line);
        }
    }

    @Test
    void endpointHealthReadsThroughKv() {
        Etcdctl.Result health = ok("endpoint", "health");
        // etcdctl 3.4 prints the health on stderr
        assertTrue((health.out() + health.err()).contains(" is healthy: successfully committed proposal"),
                health.toString());
    }

    @Test
    void memberListAndEndpointStatusAreServed() {
        Etcdctl.Result members = ok("member", "list");
        assertEquals(3, members.out().strip().lines().count(), members.toString());
        assertTrue(members.out().contains(", started, "), members.toString());

        Etcdctl.Result status = ok("endpoint", "status");
        assertTrue(status.out().contains("3.5.0-raftkv"), status.toString());
    }
}
