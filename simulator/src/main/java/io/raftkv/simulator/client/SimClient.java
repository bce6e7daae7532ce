package io.raftkv.simulator.client;

import com.google.protobuf.ByteString;
import io.raftkv.raft.runtime.NotLeaderException;
import io.raftkv.raft.runtime.RaftException;
import io.raftkv.raft.runtime.RaftNode;
import io.raftkv.simulator.check.Invariant;
import io.raftkv.simulator.check.Violations;
import io.raftkv.simulator.loop.Event;
import io.raftkv.simulator.loop.EventKind;
import io.raftkv.simulator.loop.EventLoop;
import io.raftkv.simulator.node.SimNode;
import io.raftkv.simulator.sm.Command;
import io.raftkv.simulator.sm.LogMachine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.random.RandomGenerator;

/**
 * A client that runs one operation at a time: a proposal (append its own unique operation) or a
 * linearizable read. It sends to the node it believes leads, follows NotLeader hints, and gives
 * up after a timeout, recording the outcome as unknown. Requests and answers take a client
 * latency; a request to a machine that is down is simply lost.
 */
public final class SimClient {
    private final long clientId;
    private final EventLoop loop;
    private final ClusterAccess cluster;
    private final History history;
    private final RandomGenerator random;
    private final ClientModel model;
    private final Violations violations;
    private long believedLeader;
    private long stopMicros;
    private Operation current;
    /** Called off when the answer comes first: keeps the event queue small under load. */
    private Event currentTimeout;

    public SimClient(long clientId, EventLoop loop, ClusterAccess cluster, History history, RandomGenerator random,
                     ClientModel model, Violations violations) {
        this.clientId = clientId;
        this.loop = loop;
        this.cluster = cluster;
        this.history = history;
        this.random = random;
        this.model = model;
        this.violations = violations;
    }

    /** Starts issuing operations at {@code startMicros}; none is invoked at or after {@code stopAtMicros}. */
    public void start(long startMicros, long stopAtMicros) {
        this.stopMicros = stopAtMicros;
        loop.at(startMicros, EventKind.CLIENT_NEXT, 0, clientId, this::invoke);
    }

    private void scheduleNext() {
        long think = random.nextLong(model.thinkMinMicros(), model.thinkMaxMicros() + 1);
        loop.after(think, EventKind.CLIENT_NEXT, 0, clientId, this::invoke);
    }

    private void invoke() {
        if (loop.nowMicros() >= stopMicros) {
            return;
        }
        if (believedLeader == 0) {
            believedLeader = 1 + random.nextInt(cluster.size());
        }
        Operation.Kind kind = random.nextInt(1_000_000) < model.readPpm() ? Operation.Kind.READ : Operation.Kind.WRITE;
        Operation op = history.invoke(clientId, kind, believedLeader, loop.nowMicros(), loop.eventsRun());
        current = op;
        loop.after(latency(), EventKind.CLIENT_REQUEST, op.nodeId(), op.opId(), () -> deliver(op));
        currentTimeout = loop.after(model.timeoutMicros(), EventKind.CLIENT_TIMEOUT, 0, op.opId(), () -> onTimeout(op));
    }

    private void deliver(Operation op) {
        SimNode node = cluster.node(op.nodeId());
        RaftNode raft = node.raft();
        if (!node.isUp() || raft == null) {
            return;
        }
        CompletableFuture<?> future;
        if (op.kind() == Operation.Kind.WRITE) {
            future = raft.propose(new Command(op.opId(), clientId).encode());
        } else {
            LogMachine machine = node.machine();
            future = raft.read(machine::view);
        }
        int incarnation = node.incarnation();
        future.whenComplete((value, error) -> {
            // A process that crashed in the middle of a task answers nobody.
            if (node.isUp() && node.incarnation() == incarnation) {
                loop.after(latency(), EventKind.CLIENT_RESPONSE, 0, op.opId(), () -> onAnswer(op, value, error));
            }
        });
    }

    private void onAnswer(Operation op, Object value, Throwable error) {
        if (op != current || op.outcome() != Operation.Outcome.PENDING) {
            return;
        }
        if (error == null) {
            onSuccess(op, value);
        } else {
            onFailure(op, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
        }
        currentTimeout.cancel();
        current = null;
        scheduleNext();
    }

    private void onSuccess(Operation op, Object value) {
        long now = loop.nowMicros();
        if (op.kind() == Operation.Kind.WRITE) {
            Command.Result result = Command.Result.decode((ByteString) value);
            if (result.opId() != op.opId()) {
                violations.report(op.nodeId(), Invariant.CLIENT_OUTCOME, "proposal of op " + op.opId()
                        + " completed with the result of op " + result.opId() + " at index " + result.index());
            }
            op.complete(Operation.Outcome.OK, now, loop.eventsRun(), result.index(), 0);
        } else {
            LogMachine.ReadView view = (LogMachine.ReadView) value;
            op.complete(Operation.Outcome.OK, now, loop.eventsRun(), view.index(), view.stateHash());
        }
    }

    private void onFailure(Operation op, Throwable error) {
        long now = loop.nowMicros();
        if (error instanceof RaftException raft) {
            boolean notApplied = raft.certainlyNotApplied() || op.kind() == Operation.Kind.READ;
            op.complete(notApplied ? Operation.Outcome.FAILED : Operation.Outcome.UNKNOWN, now, loop.eventsRun(), 0, 0);
            believedLeader = raft instanceof NotLeaderException notLeader ? notLeader.leaderId() : 0;
        } else {
            violations.report(op.nodeId(), Invariant.CLIENT_OUTCOME, op.kind() + " op " + op.opId()
                    + " failed with an exception outside the RaftException family: " + error);
            op.complete(Operation.Outcome.UNKNOWN, now, loop.eventsRun(), 0, 0);
            believedLeader = 0;
        }
    }

    private void onTimeout(Operation op) {
        if (op != current || op.outcome() != Operation.Outcome.PENDING) {
            return;
        }
        op.complete(Operation.Outcome.UNKNOWN, loop.nowMicros(), loop.eventsRun(), 0, 0);
        current = null;
        believedLeader = 0;
        scheduleNext();
    }

    private long latency() {
        return random.nextLong(model.latencyMinMicros(), model.latencyMaxMicros() + 1);
    }
}
