package io.raftkv.kv.cli;

import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.node.Member;
import io.raftkv.kv.node.RaftKvNode;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.recipe.LeaseLock;
import io.raftkv.kv.recipe.LockAttempt;
import io.raftkv.kv.recipe.Session;
import io.raftkv.raft.NodeStatus;
import io.raftkv.raft.SoftState;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo's cron worker, run inside a node's process ({@code server --demo-cron-worker JOB}): every
 * {@value #ATTEMPT_PERIOD_MILLIS} ms it tries to run the job under the lock {@code /cron/lock/JOB}
 * with the seed's recipe ({@link LeaseLock}: a lease of {@value #LEASE_TTL_SECONDS} s kept alive by
 * a {@link Session}, one transaction on create revision 0 that puts the worker's name). The holder
 * keeps the lock while the job runs, and the demo's job never ends: only a failure hands it over.
 *
 * <p>It also reports what its node sees: the leader on every change, and what the node's own state
 * machine holds for the lock key (so a restarted node shows it caught up). Every line is a {@link
 * DemoLine}, printed on stdout for the demo driver.
 */
final class DemoCronWorker implements AutoCloseable {
    static final long ATTEMPT_PERIOD_MILLIS = 2_000;
    static final long LEASE_TTL_SECONDS = 3;
    private static final long STATUS_PERIOD_MILLIS = 100;
    private static final long CALL_WAIT_MILLIS = 8_000;

    private final RaftKvNode node;
    private final String job;
    private final String key;
    private final LeaseLock lock;
    private final PrintStream out;
    private final ScheduledExecutorService thread;
    // Each written by one periodic task only (a task never overlaps itself):
    private long heldToken;
    private String knownLeader = "";
    private long knownTerm = -1;
    private String lastLocalRead = "";

    private DemoCronWorker(RaftKvNode node, String job, PrintStream out) {
        this.node = node;
        this.job = job;
        this.key = "/cron/lock/" + job;
        this.lock = new LeaseLock(node.client(), Bytes.of(key), LEASE_TTL_SECONDS);
        this.out = out;
        // Two threads: the status reports go on while an attempt waits for the cluster.
        this.thread = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "raftkv-demo-worker-" + node.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the worker on threads of its own; its first attempt follows after one period. */
    static DemoCronWorker start(RaftKvNode node, String job, PrintStream out) {
        DemoCronWorker worker = new DemoCronWorker(node, job, out);
        worker.thread.scheduleWithFixedDelay(worker::reportStatus, 0, STATUS_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        worker.thread.scheduleWithFixedDelay(worker::tick, ATTEMPT_PERIOD_MILLIS, ATTEMPT_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        return worker;
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private void tick() {
        try {
            if (heldToken == 0) {
                attempt();
            } else {
                keepRunning();
            }
        } catch (Exception failure) {
            say("worker " + node.name() + ": attempt failed: " + describe(failure));
        }
    }

    private void attempt() throws Exception {
        LockAttempt attempt = await(lock.tryAcquire(Bytes.of(node.name())));
        if (attempt instanceof LockAttempt.Acquired acquired) {
            heldToken = acquired.token().revision();
            say(new DemoLine.Acquired(node.name(), key, heldToken).toString());
            say("worker " + node.name() + ": running " + job + " (token " + heldToken + ")");
        } else if (attempt instanceof LockAttempt.Busy busy) {
            say(new DemoLine.Busy(node.name(), busy.holderValue().toStringUtf8(), busy.holderToken().revision())
                    .toString());
        }
    }

    /** The job runs on while the session lives; a renewal of our own shows the lease is kept. */
    private void keepRunning() throws Exception {
        Session session = lock.session().orElse(null);
        if (session == null || !session.isLive()) {
            String why = session == null ? "released" : String.valueOf(session.done().getNow(null));
            say("worker " + node.name() + ": lost " + key + " (" + why + "), job " + job + " stops");
            heldToken = 0;
            return;
        }
        long ttl = await(node.client().leases().keepAliveOnce(session.leaseId())).getTTL();
        say(new DemoLine.KeptAlive(node.name(), ttl).toString());
        say("worker " + node.name() + ": running " + job + " (token " + heldToken + ")");
    }

    /** On the status period: a line when the leader this node knows of changes, or its copy of the key. */
    private void reportStatus() {
        try {
            NodeStatus status = node.status();
            String leader = status.leaderId() == SoftState.NO_LEADER ? "none"
                    : node.config().member(status.leaderId()).map(Member::name).orElse("?");
            if (status.term() != knownTerm || !leader.equals(knownLeader)) {
                knownTerm = status.term();
                knownLeader = leader;
                if (!leader.equals("none")) {
                    say(new DemoLine.Leader(node.name(), leader, status.term()).toString());
                }
            }
            reportLocalRead();
        } catch (Exception failure) {
            say("node " + node.name() + ": status failed: " + describe(failure));
        }
    }

    private void reportLocalRead() throws Exception {
        RangeRequest serializable = RangeRequest.newBuilder().setKey(Bytes.of(key)).setSerializable(true).build();
        RangeResponse local = await(node.service().range(serializable));
        KeyValue held = local.getKvsCount() == 0 ? null : local.getKvs(0);
        String line = new DemoLine.LocalRead(node.name(), key,
                held == null ? DemoLine.LocalRead.ABSENT : held.getValue().toStringUtf8(),
                held == null ? 0 : held.getCreateRevision(), local.getHeader().getRevision()).toString();
        // The revision alone moves with every write; report when the holder does, or on the first read.
        String holderPart = line.substring(0, line.lastIndexOf(" (revision"));
        if (!holderPart.equals(lastLocalRead)) {
            lastLocalRead = holderPart;
            say(line);
        }
    }

    private static <T> T await(CompletableFuture<T> call) throws Exception {
        try {
            return call.get(CALL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            call.cancel(false);
            throw new TimeoutException("no answer within " + CALL_WAIT_MILLIS + " ms");
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** Stops the worker's threads; the lock is left to its lease (a clean shutdown of the node revokes nothing). */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(CALL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
