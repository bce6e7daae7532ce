package io.raftkv.kv.cli;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.KvException;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.api.WatchHandle;
import io.raftkv.kv.grpc.EtcdStatus;
import io.raftkv.kv.grpc.RemoteCluster;
import io.raftkv.kv.grpc.RemoteKvOptions;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.DeleteRangeResponse;
import io.raftkv.kv.proto.Event;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.LeaseKeepAliveResponse;
import io.raftkv.kv.proto.LeaseTimeToLiveResponse;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.proto.ResponseHeader;
import io.raftkv.kv.proto.ResponseOp;
import io.raftkv.kv.proto.TxnRequest;
import io.raftkv.kv.proto.TxnResponse;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.recipe.Election;
import io.raftkv.kv.recipe.FencingToken;
import io.raftkv.kv.recipe.LeaderObserver;
import io.raftkv.kv.recipe.Mutex;
import io.raftkv.kv.recipe.RecipeException;
import io.raftkv.kv.recipe.Session;
import io.raftkv.raft.runtime.IndeterminateStateException;
import io.raftkv.raft.runtime.NotLeaderException;
import io.raftkv.raft.runtime.ProposalDroppedException;
import io.raftkv.raft.runtime.RaftException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The etcdctl-like client commands ({@code ./raftkv put|get|del|txn|lease|lock|elect|watch|status}),
 * printing what etcdctl's simple output format prints, over a {@link RemoteCluster} of the
 * {@code --endpoints}. Exit status: 0, 1 for a refused or failed request (after "Error: ...",
 * etcd's text where etcd has one), 2 for a bad command line (naming the flag or argument).
 *
 * <p>The commands that run until stopped (watch, lock and elect without a command, lease
 * keep-alive) stop on {@link #stop()} (SIGINT or SIGTERM, through {@link #main}); lock and a
 * campaigning elect also stop at the end of standard input, and then release what they hold.
 */
public final class EtcdctlCommand {
    public static final String USAGE = """
            usage: ./raftkv <command> [--endpoints host:port,...] [args] (default endpoint 127.0.0.1:2379)
              put KEY VALUE [--lease=ID]                 prints OK
              get KEY [--prefix] [--rev=N] [--keys-only] [--limit=N]
              del KEY [--prefix]                         prints how many keys were deleted
              txn [-i]                                   reads compares, success and failure requests from stdin,
                                                         each part ending at a blank line (etcdctl's syntax)
              lease grant TTL | revoke ID | keep-alive ID [--once] | timetolive ID [--keys] | list
              lock NAME [--ttl=S] [COMMAND ARGS...]      holds until stdin ends or interrupted, or runs COMMAND
              elect NAME [PROPOSAL] [--ttl=S]            campaigns and holds; without PROPOSAL, observes
              watch KEY [--prefix] [--rev=N]             prints events until interrupted
              status                                     each endpoint's member id, revision, term and leadership""";

    static final Set<String> COMMANDS = Set.of("put", "get", "del", "txn", "lease", "lock", "elect", "watch", "status",
            "endpoint");
    private static final long REQUEST_TIMEOUT_SECONDS = 30;
    private static final Pattern MEMBER = Pattern.compile("\\bmember (\\d{1,9})\\b");

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final RemoteKvOptions options;
    /** The endpoints connected to, numbered from 1 as the client's member ids. */
    private volatile List<InetSocketAddress> connected = List.of();

    public EtcdctlCommand(InputStream in, PrintStream out, PrintStream err) {
        this(in, out, err, RemoteKvOptions.defaults());
    }

    EtcdctlCommand(InputStream in, PrintStream out, PrintStream err, RemoteKvOptions options) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.options = options;
    }

    public static void main(String[] args) {
        EtcdctlCommand command = new EtcdctlCommand(System.in, System.out, System.err);
        Thread hook = new Thread(() -> {
            command.stop();
            try {
                command.finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "raftkv-etcdctl-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        int status = command.run(args);
        System.exit(status);
    }

    /** Ends a command that runs until stopped: it releases what it holds and returns. */
    public void stop() {
        stop.countDown();
    }

    /** Runs one command line (its first word the command); returns the exit status. */
    public int run(String[] args) {
        try {
            return dispatch(List.of(args));
        } catch (UsageException bad) {
            err.println("Error: " + bad.getMessage());
            err.println(USAGE);
            return 2;
        } catch (Failure failure) {
            err.println("Error: " + named(failure.getMessage()));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("Error: interrupted");
            return 1;
        } finally {
            out.flush();
            finished.countDown();
        }
    }

    /** A request that failed, with the text etcdctl would print after "Error: ". */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private int dispatch(List<String> args) throws UsageException, Failure, InterruptedException {
        if (args.isEmpty() || !COMMANDS.contains(args.get(0))) {
            throw new UsageException(args.isEmpty() ? "no command given" : "unknown command '" + args.get(0) + "'");
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (command.equals("endpoint")) {
            if (rest.isEmpty() || !rest.get(0).equals("status")) {
                throw new UsageException("endpoint takes one subcommand: status");
            }
            command = "status";
            rest = rest.subList(1, rest.size());
        }
        return switch (command) {
            case "put" -> put(rest);
            case "get" -> get(rest);
            case "del" -> del(rest);
            case "txn" -> txn(rest);
            case "lease" -> lease(rest);
            case "lock" -> lock(rest);
            case "elect" -> elect(rest);
            case "watch" -> watch(rest);
            default -> status(rest);
        };
    }

    // ---- KV ----

    private int put(List<String> rest) throws UsageException, Failure, InterruptedException {
        EtcdctlArgs args = EtcdctlArgs.parse(rest, Set.of("--lease"), Set.of(), 0);
        List<String> kv = args.positional(2, 2, "put KEY VALUE");
        PutRequest.Builder put = PutRequest.newBuilder().setKey(Bytes.of(kv.get(0))).setValue(Bytes.of(kv.get(1)));
        if (args.value("--lease") != null) {
            put.setLease(EtcdctlArgs.leaseId("--lease", args.value("--lease")));
        }
        try (RemoteCluster cluster = connect(args)) {
            await(cluster.client().kv().put(put.build()));
            out.println("OK");
        }
        return 0;
    }

    private int get(List<String> rest) throws UsageException, Failure, InterruptedException {
        EtcdctlArgs args = EtcdctlArgs.parse(rest, Set.of("--rev", "--limit"), Set.of("--prefix", "--keys-only"), 0);
        ByteString key = Bytes.of(args.positional(1, 1, "get KEY").get(0));
        RangeRequest.Builder range = RangeRequest.newBuilder().setKey(key)
                .setRevision(args.number("--rev", 0, 0))
                .setLimit(args.number("--limit", 0, 0))
                .setKeysOnly(args.isSet("--keys-only"));
        if (args.isSet("--prefix")) {
            range.setRangeEnd(KeyInterval.prefixEnd(key));
        }
        try (RemoteCluster cluster = connect(args)) {
            printGet(await(cluster.client().kv().range(range.build())));
        }
        return 0;
    }

    private int del(List<String> rest) throws UsageException, Failure, InterruptedException {
        EtcdctlArgs args = EtcdctlArgs.parse(rest, Set.of(), Set.of("--prefix"), 0);
        ByteString key = Bytes.of(args.positional(1, 1, "del KEY").get(0));
        DeleteRangeRequest.Builder del = DeleteRangeRequest.newBuilder().setKey(key);
        if (args.isSet("--prefix")) {
            del.setRangeEnd(KeyInterval.prefixEnd(key));
        }
        try (RemoteCluster cluster = connect(args)) {
            printDel(await(cluster.client().kv().delete(del.build())));
        }
        return 0;
    }

    private int txn(List<String> rest) throws UsageException, Failure, InterruptedException {
        List<String> words = new ArrayList<>(rest);
        boolean interactive = words.remove("-i") | words.remove("--interactive");
        EtcdctlArgs args = EtcdctlArgs.parse(words, Set.of(), Set.of(), 0);
        args.positional(0, 0, "no arguments (the transaction comes on stdin)");
        TxnRequest request;
        try {
            request = TxnScript.read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                    interactive ? out : null);
        } catch (IOException e) {
            throw new Failure("reading the transaction: " + e.getMessage());
        }
        try (RemoteCluster cluster = connect(args)) {
            printTxn(await(cluster.client().service().txn(request)));
        }
        return 0;
    }

    private void printGet(RangeResponse response) {
        for (KeyValue kv : response.getKvsList()) {
            out.println(kv.getKey().toStringUtf8());
            out.println(kv.getValue().toStringUtf8());
        }
    }

    private void printDel(DeleteRangeResponse response) {
        out.println(response.getDeleted());
    }

    private void printTxn(TxnResponse response) {
        out.println(response.getSucceeded() ? "SUCCESS" : "FAILURE");
        for (ResponseOp op : response.getResponsesList()) {
            out.println();
            switch (op.getResponseCase()) {
                case RESPONSE_PUT -> out.println("OK");
                case RESPONSE_RANGE -> printGet(op.getResponseRange());
                case RESPONSE_DELETE_RANGE -> printDel(op.getResponseDeleteRange());
                case RESPONSE_TXN -> printTxn(op.getResponseTxn());
                default -> out.println("(no response)");
            }
        }
    }

    // ---- leases ----

    private int lease(List<String> rest) throws UsageException, Failure, InterruptedException {
        if (rest.isEmpty()) {
            throw new UsageException("lease needs a subcommand: grant, revoke, keep-alive, timetolive or list");
        }
        String sub = rest.get(0);
        List<String> words = rest.subList(1, rest.size());
        switch (sub) {
            case "grant" -> {
                EtcdctlArgs args = EtcdctlArgs.parse(words, Set.of(), Set.of(), 0);
                String ttlText = args.positional(1, 1, "lease grant TTL").get(0);
                long ttl;
                try {
                    ttl = Long.parseLong(ttlText);
                } catch (NumberFormatException notANumber) {
                    throw new UsageException("lease grant TTL '" + ttlText + "': must be a whole number of seconds");
                }
                try (RemoteCluster cluster = connect(args)) {
                    var granted = await(cluster.client().leases().grant(ttl));
                    out.printf("lease %016x granted with TTL(%ds)%n", granted.getID(), granted.getTTL());
                }
            }
            case "revoke" -> {
                EtcdctlArgs args = EtcdctlArgs.parse(words, Set.of(), Set.of(), 0);
                long id = EtcdctlArgs.leaseId("lease ID", args.positional(1, 1, "lease revoke ID").get(0));
                try (RemoteCluster cluster = connect(args)) {
                    await(cluster.client().leases().revoke(id));
                    out.printf("lease %016x revoked%n", id);
                }
            }
            case "keep-alive" -> {
                EtcdctlArgs args = EtcdctlArgs.parse(words, Set.of(), Set.of("--once"), 0);
                long id = EtcdctlArgs.leaseId("lease ID", args.positional(1, 1, "lease keep-alive ID").get(0));
                try (RemoteCluster cluster = connect(args)) {
                    return keepAlive(cluster.client(), id, args.isSet("--once"));
                }
            }
            case "timetolive" -> {
                EtcdctlArgs args = EtcdctlArgs.parse(words, Set.of(), Set.of("--keys"), 0);
                long id = EtcdctlArgs.leaseId("lease ID", args.positional(1, 1, "lease timetolive ID").get(0));
                try (RemoteCluster cluster = connect(args)) {
                    out.println(timeToLiveLine(await(cluster.client().leases().timeToLive(id, args.isSet("--keys"))),
                            args.isSet("--keys")));
                }
            }
            case "list" -> {
                EtcdctlArgs args = EtcdctlArgs.parse(words, Set.of(), Set.of(), 0);
                args.positional(0, 0, "no arguments");
                try (RemoteCluster cluster = connect(args)) {
                    var leases = await(cluster.client().leases().list()).getLeasesList();
                    out.printf("found %d leases%n", leases.size());
                    leases.forEach(lease -> out.printf("%016x%n", lease.getID()));
                }
            }
            default -> throw new UsageException("unknown lease subcommand '" + sub
                    + "' (grant, revoke, keep-alive, timetolive, list)");
        }
        return 0;
    }

    static String timeToLiveLine(LeaseTimeToLiveResponse response, boolean withKeys) {
        if (response.getTTL() == -1) {
            return String.format("lease %016x already expired", response.getID());
        }
        String line = String.format("lease %016x granted with TTL(%ds), remaining(%ds)", response.getID(),
                response.getGrantedTTL(), response.getTTL());
        if (withKeys) {
            List<String> keys = response.getKeysList().stream().map(ByteString::toStringUtf8).toList();
            line += ", attached keys(" + "[" + String.join(" ", keys) + "])";
        }
        return line;
    }

    /** One renewal, or renewals every TTL / 3 until stopped or the lease is gone. */
    private int keepAlive(KvClient client, long id, boolean once) throws Failure, InterruptedException {
        while (true) {
            LeaseKeepAliveResponse answer = await(client.leases().keepAliveOnce(id));
            if (answer.getTTL() <= 0) {
                out.printf("lease %016x expired or revoked.%n", id);
                return once ? 1 : 0;
            }
            out.printf("lease %016x keepalived with TTL(%d)%n", id, answer.getTTL());
            if (once || stop.await(Math.max(1, answer.getTTL() * 1000 / 3), TimeUnit.MILLISECONDS)) {
                return 0;
            }
        }
    }

    // ---- lock and election ----

    private int lock(List<String> rest) throws UsageException, Failure, InterruptedException {
        EtcdctlArgs args = EtcdctlArgs.parse(rest, Set.of("--ttl"), Set.of(), 2);
        List<String> words = args.positional(1, Integer.MAX_VALUE, "lock NAME [COMMAND ARGS...]");
        long ttl = args.number("--ttl", 10, 1);
        try (RemoteCluster cluster = connect(args)) {
            Session session = await(Session.open(cluster.client(), ttl));
            try {
                Mutex mutex = new Mutex(session, words.get(0));
                FencingToken token = await(mutex.lock());
                String key = mutex.key().toStringUtf8();
                if (words.size() > 1) {
                    return runHolding(words.subList(1, words.size()), key, token.revision());
                }
                out.println(key);
                out.flush();
                holdUntilStopped(session);
                await(mutex.unlock());
                return 0;
            } finally {
                closeQuietly(session);
            }
        }
    }

    /** Runs the command with ETCD_LOCK_KEY and ETCD_LOCK_REV set, as etcdctl does; its exit status is ours. */
    private int runHolding(List<String> command, String key, long revision) throws Failure, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ETCD_LOCK_KEY", key);
        builder.environment().put("ETCD_LOCK_REV", Long.toString(revision));
        builder.redirectInput(ProcessBuilder.Redirect.INHERIT);
        Process process;
        try {
            process = builder.start();
        } catch (IOException cannot) {
            throw new Failure("cannot run " + command.get(0) + ": " + cannot.getMessage());
        }
        Thread copyOut = copy(process.getInputStream(), out);
        Thread copyErr = copy(process.getErrorStream(), err);
        int status = process.waitFor();
        copyOut.join();
        copyErr.join();
        return status;
    }

    private static Thread copy(InputStream from, OutputStream to) {
        Thread thread = new Thread(() -> {
            try (from) {
                from.transferTo(to);
                to.flush();
            } catch (IOException ignored) {
                // the command's output ended
            }
        }, "raftkv-etcdctl-copy");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private int elect(List<String> rest) throws UsageException, Failure, InterruptedException {
        EtcdctlArgs args = EtcdctlArgs.parse(rest, Set.of("--ttl"), Set.of("--listen"), 0);
        List<String> words = args.positional(1, 2, "elect NAME [PROPOSAL]");
        boolean observe = words.size() == 1 || args.isSet("--listen");
        if (args.isSet("--listen") && words.size() == 2) {
            throw new UsageException("elect --listen takes no PROPOSAL");
        }
        long ttl = args.number("--ttl", 60, 1);
        try (RemoteCluster cluster = connect(args)) {
            Session session = await(Session.open(cluster.client(), ttl));
            try {
                Election election = new Election(session, words.get(0));
                if (observe) {
                    return observe(election);
                }
                await(election.campaign(words.get(1)));
                out.println(election.key().toStringUtf8());
                out.println(words.get(1));
                out.flush();
                holdUntilStopped(session);
                await(election.resign());
                return 0;
            } finally {
                closeQuietly(session);
            }
        }
    }

    private int observe(Election election) throws Failure, InterruptedException {
        LeaderObserver observer = election.observe(leader -> {
            out.println(leader.getKey().toStringUtf8());
            out.println(leader.getValue().toStringUtf8());
            out.flush();
        });
        AtomicReference<Throwable> failed = new AtomicReference<>();
        observer.stopped().whenComplete((ignored, error) -> {
            if (error != null) {
                failed.set(error);
                stop.countDown();
            }
        });
        stop.await();
        observer.close();
        if (failed.get() != null) {
            throw new Failure(errorText(failed.get()));
        }
        return 0;
    }

    /** Waits for stop(), the end of stdin, or the end of the session (then fails: what was held is gone). */
    private void holdUntilStopped(Session session) throws Failure, InterruptedException {
        Thread reader = new Thread(() -> {
            try {
                while (in.read() >= 0) {
                    // held until the input ends
                }
            } catch (IOException ignored) {
                // no input to hold on
            }
            stop.countDown();
        }, "raftkv-etcdctl-stdin");
        reader.setDaemon(true);
        reader.start();
        session.done().thenRun(stop::countDown);
        stop.await();
        if (session.done().isDone()) {
            throw new Failure("session expired: the lease " + String.format("%016x", session.leaseId())
                    + " is gone (" + session.done().join() + ")");
        }
    }

    private void closeQuietly(Session session) {
        try {
            session.close().get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            err.println("raftkv: could not revoke the session's lease " + String.format("%016x", session.leaseId())
                    + " (it expires by itself): " + errorText(e));
        }
    }

    // ---- watch ----

    private int watch(List<String> rest) throws UsageException, Failure, InterruptedException {
        EtcdctlArgs args = EtcdctlArgs.parse(rest, Set.of("--rev"), Set.of("--prefix"), 0);
        ByteString key = Bytes.of(args.positional(1, 1, "watch KEY").get(0));
        WatchCreateRequest.Builder request = WatchCreateRequest.newBuilder().setKey(key)
                .setStartRevision(args.number("--rev", 0, 0));
        if (args.isSet("--prefix")) {
            request.setRangeEnd(KeyInterval.prefixEnd(key));
        }
        AtomicReference<String> canceled = new AtomicReference<>();
        AtomicBoolean cancelling = new AtomicBoolean();
        try (RemoteCluster cluster = connect(args)) {
            WatchHandle handle = cluster.client().watches().watch(request.build(), response -> {
                for (Event event : response.getEventsList()) {
                    out.println(event.getType() == Event.EventType.PUT ? "PUT" : "DELETE");
                    out.println(event.getKv().getKey().toStringUtf8());
                    out.println(event.getKv().getValue().toStringUtf8());
                }
                out.flush();
                if (response.getCanceled() && !cancelling.get()) {
                    canceled.compareAndSet(null, response.getCancelReason().isEmpty()
                            ? "watch canceled" + (response.getCompactRevision() > 0
                            ? ": required revision has been compacted (" + response.getCompactRevision() + ")" : "")
                            : response.getCancelReason());
                    stop.countDown();
                }
            });
            stop.await();
            cancelling.set(true);
            handle.cancel();
        }
        if (canceled.get() != null) {
            throw new Failure(canceled.get());
        }
        return 0;
    }

    // ---- status ----

    private int status(List<String> rest) throws UsageException, Failure, InterruptedException {
        EtcdctlArgs args = EtcdctlArgs.parse(rest, Set.of(), Set.of(), 0);
        args.positional(0, 0, "no arguments");
        List<InetSocketAddress> endpoints = args.endpoints();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("ENDPOINT", "ID", "REVISION", "RAFT TERM", "IS LEADER", "ERRORS"));
        boolean anyFailed = false;
        try (RemoteCluster cluster = connect(endpoints)) {
            for (int i = 0; i < endpoints.size(); i++) {
                InetSocketAddress endpoint = endpoints.get(i);
                String name = endpoint.getHostString() + ":" + endpoint.getPort();
                var member = cluster.member(i + 1);
                // A serializable read answers from this member alone; its header says who it is.
                RangeRequest probe = RangeRequest.newBuilder().setKey(ByteString.copyFrom(new byte[] {0}))
                        .setCountOnly(true).setSerializable(true).build();
                ResponseHeader header;
                try {
                    header = await(member.range(probe)).getHeader();
                } catch (Failure failure) {
                    anyFailed = true;
                    rows.add(List.of(name, "", "", "", "", named(failure.getMessage())));
                    continue;
                }
                // A linearizable read is answered (or forwarded) by the leader, or refused naming it.
                String leads;
                try {
                    long leader = member.range(probe.toBuilder().setSerializable(false).build())
                            .get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS).getHeader().getMemberId();
                    leads = Boolean.toString(leader == header.getMemberId());
                } catch (ExecutionException refused) {
                    Throwable cause = refused.getCause();
                    leads = cause instanceof NotLeaderException notLeader && notLeader.leaderId() != 0
                            ? Boolean.toString(notLeader.leaderId() == header.getMemberId()) : "unknown";
                } catch (TimeoutException slow) {
                    leads = "unknown";
                }
                rows.add(List.of(name, String.format("%x", header.getMemberId()), Long.toString(header.getRevision()),
                        Long.toString(header.getRaftTerm()), leads, ""));
            }
        }
        printTable(rows);
        return anyFailed ? 1 : 0;
    }

    private void printTable(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int width : widths) {
            rule.append("-".repeat(width + 2)).append('+');
        }
        out.println(rule);
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder("|");
            for (int c = 0; c < columns; c++) {
                String cell = rows.get(r).get(c);
                if (r == 0) {
                    int left = (widths[c] - cell.length()) / 2;
                    line.append(' ').append(" ".repeat(left)).append(cell)
                            .append(" ".repeat(widths[c] - cell.length() - left)).append(" |");
                } else {
                    line.append(' ').append(cell).append(" ".repeat(widths[c] - cell.length())).append(" |");
                }
            }
            out.println(line);
            if (r == 0) {
                out.println(rule);
            }
        }
        out.println(rule);
    }

    // ---- plumbing ----

    private RemoteCluster connect(EtcdctlArgs args) throws UsageException {
        return connect(args.endpoints());
    }

    /** Member ids are not known before asking, so the endpoints are numbered 1..n in the order given. */
    private RemoteCluster connect(List<InetSocketAddress> endpoints) {
        connected = List.copyOf(endpoints);
        Map<Long, InetSocketAddress> members = new LinkedHashMap<>();
        for (int i = 0; i < endpoints.size(); i++) {
            members.put((long) i + 1, endpoints.get(i));
        }
        return RemoteCluster.connect(members, options);
    }

    /** The message with the client's "member N" (an endpoint's number) written as that endpoint. */
    private String named(String message) {
        Matcher member = MEMBER.matcher(message);
        StringBuilder named = new StringBuilder();
        while (member.find()) {
            int index = Integer.parseInt(member.group(1)) - 1;
            String replacement = index >= 0 && index < connected.size()
                    ? "endpoint " + connected.get(index).getHostString() + ":" + connected.get(index).getPort()
                    : member.group();
            member.appendReplacement(named, Matcher.quoteReplacement(replacement));
        }
        member.appendTail(named);
        return named.toString();
    }

    private static <T> T await(CompletableFuture<T> future) throws Failure, InterruptedException {
        try {
            return future.get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            throw new Failure(errorText(failed));
        } catch (TimeoutException slow) {
            future.cancel(true);
            throw new Failure("context deadline exceeded");
        }
    }

    /** What etcdctl prints after "Error: " for a failed request: etcd's text where it has one. */
    static String errorText(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof KvException refused) {
            String etcd = EtcdStatus.descriptionOf(refused.code());
            return etcd != null ? etcd : "etcdserver: " + refused.getMessage();
        }
        if (cause instanceof NotLeaderException) {
            return EtcdStatus.NO_LEADER;
        }
        if (cause instanceof ProposalDroppedException) {
            return EtcdStatus.LEADER_CHANGED;
        }
        if (cause instanceof IndeterminateStateException) {
            return EtcdStatus.TIMED_OUT;
        }
        if (cause instanceof RaftException || cause instanceof RecipeException) {
            return cause.getMessage();
        }
        return String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause);
    }
}
